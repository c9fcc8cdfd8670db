/** Pieces shared by the 政务新媒体 pages: the account fieldset and the freshness cell. */
import type { AppError } from '../../../errors.ts';
import { Field, Select } from '../../../web/components.tsx';
import { treeOrder, type Org } from '../../org/model.ts';
import {
  FRESHNESS_FLAGS,
  LEVELS,
  PLATFORMS,
  freshnessOf,
  type AccountFields,
  type MediaAccount,
} from '../model.ts';

/** Select options from a code → label map. */
export const options = (o: Record<string, string>) =>
  Object.entries(o).map(([value, label]) => ({ value, label }));
export const orgOptions = (orgs: Org[]) => [
  { value: '', label: '请选择' },
  ...treeOrder(orgs).map(({ org, depth }) => ({ value: org.id, label: `${'　'.repeat(depth)}${org.name}` })),
];

/** The account fields, on the direct form and the open/change filing form. */
export function AccountFieldset({
  orgs,
  a,
  error,
}: {
  orgs: Org[];
  a?: Partial<AccountFields>;
  error?: AppError;
}) {
  const e = error?.fields ?? {};
  return (
    <>
      <Select
        label="平台"
        name="platform"
        value={a?.platform}
        options={[{ value: '', label: '请选择' }, ...options(PLATFORMS)]}
        required
        error={e.platform}
      />
      <Field
        label="账号名称"
        name="accountName"
        value={a?.accountName}
        required
        maxLength={60}
        error={e.accountName}
      />
      <Field
        label="平台账号 ID"
        name="platformAccountId"
        value={a?.platformAccountId}
        required
        maxLength={64}
        error={e.platformAccountId}
        hint="平台分配的永久 ID（如微信原始 ID gh_…、微博 UID、抖音号），显示名称可以更改，不能作为依据"
      />
      <Select
        label="主办单位"
        name="orgId"
        value={a?.orgId}
        options={orgOptions(orgs)}
        required
        error={e.orgId}
      />
      <Field
        label="运营单位或运营人"
        name="operator"
        value={a?.operator}
        required
        maxLength={100}
        error={e.operator}
      />
      <Field
        label="责任人"
        name="responsiblePerson"
        value={a?.responsiblePerson}
        required
        maxLength={50}
        error={e.responsiblePerson}
      />
      <Select
        label="账号级别"
        name="level"
        value={a?.level}
        options={[{ value: '', label: '请选择' }, ...options(LEVELS)]}
        required
        error={e.level}
      />
    </>
  );
}

/** An account's freshness on a date: 正常, or the rules it breaks. */
export function FreshnessCell({ a, today }: { a: MediaAccount; today: string }) {
  const f = freshnessOf(a, today);
  if (a.status !== 'active') return <span>—</span>;
  if (!f.flags.length) return <span class="status-ok">正常</span>;
  return (
    <span class={f.failing ? 'status-bad' : 'status-warn'}>
      {f.flags.map((x) => FRESHNESS_FLAGS[x]).join('；')}
    </span>
  );
}
