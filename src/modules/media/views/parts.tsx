/** Pieces shared by the 政务新媒体 pages: the account fields and the freshness cell. */
import { CHOOSE, optionsOf, type CrudField } from '../../../web/crud.tsx';
import { orgOptions, type Org } from '../../org/model.ts';
import { FRESHNESS_FLAGS, LEVELS, PLATFORMS, freshnessOf, type MediaAccount } from '../model.ts';

/** The account fields, on the direct form and the open/change filing form. */
export const accountFields = (orgs: Org[]): CrudField[] => [
  {
    kind: 'select',
    name: 'platform',
    label: '平台',
    required: true,
    options: [CHOOSE, ...optionsOf(PLATFORMS)],
  },
  { name: 'accountName', label: '账号名称', required: true, maxLength: 60 },
  {
    name: 'platformAccountId',
    label: '平台账号 ID',
    required: true,
    maxLength: 64,
    hint: '平台分配的永久 ID（如微信原始 ID gh_…、微博 UID、抖音号），显示名称可以更改，不能作为依据',
  },
  {
    kind: 'select',
    name: 'orgId',
    label: '主办单位',
    required: true,
    options: [CHOOSE, ...orgOptions(orgs)],
  },
  { name: 'operator', label: '运营单位或运营人', required: true, maxLength: 100 },
  { name: 'responsiblePerson', label: '责任人', required: true, maxLength: 50 },
  {
    kind: 'select',
    name: 'level',
    label: '账号级别',
    required: true,
    options: [CHOOSE, ...optionsOf(LEVELS)],
  },
];

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
