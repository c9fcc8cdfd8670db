/** The library's search forms (keywords and filters; the point-in-time question) and the as-of notice. */
import { shanghaiDate } from '../../../lib/time.ts';
import { Field, Notice, Select } from '../../../web/components.tsx';
import { treeOrder, type Org } from '../../org/model.ts';
import { DOC_NUMBER_EXAMPLE } from '../docnumber.ts';
import { STATUSES, SUBJECTS } from '../model.ts';
import type { DocumentDetail, LibraryFilter } from '../service.ts';

/** The years a filter offers, this year first. */
export function yearOptions(now: Date) {
  const last = Number(shanghaiDate(now).slice(0, 4));
  const years = [];
  for (let y = last; y >= 2015; y--) years.push({ value: y, label: `${y} 年` });
  return years;
}

/** Keywords, 文号 and filters of a list page. */
export function FilterForm({
  action,
  filter,
  orgs,
  now,
  allStatuses,
}: {
  action: string;
  filter: LibraryFilter;
  orgs: Org[];
  now: Date;
  allStatuses: boolean;
}) {
  return (
    <form method="get" action={action} class="gfx-filters" role="search" aria-label="文件检索">
      <Field
        label="关键词或文号"
        name="q"
        value={filter.q}
        hint={`可输入标题或正文中的词语，或文号（括号写法不限，如 ${DOC_NUMBER_EXAMPLE}）`}
        maxLength={100}
      />
      <Select
        label="制发机关"
        name="orgId"
        value={filter.orgId ?? ''}
        options={[
          { value: '', label: '全部机关' },
          ...treeOrder(orgs).map(({ org, depth }) => ({
            value: org.id,
            label: `${'　'.repeat(depth)}${org.name}`,
          })),
        ]}
      />
      <Select
        label="年份（文号年份）"
        name="year"
        value={filter.year ?? ''}
        options={[{ value: '', label: '全部年份' }, ...yearOptions(now)]}
      />
      <Select
        label="效力状态"
        name="status"
        value={filter.status ?? ''}
        options={[
          { value: '', label: '全部状态' },
          ...Object.entries(STATUSES)
            .filter(([k]) => allStatuses || k !== 'pending')
            .map(([value, label]) => ({ value, label })),
        ]}
      />
      <Select
        label="主题分类"
        name="subject"
        value={filter.subject ?? ''}
        options={[{ value: '', label: '全部主题' }, ...SUBJECTS.map((s) => ({ value: s, label: s }))]}
      />
      {filter.inForceOn && <input type="hidden" name="inForceOn" value={filter.inForceOn} />}
      <div class="actions">
        <button type="submit">查询</button>
        <a href={action}>清除条件</a>
      </div>
    </form>
  );
}

/** "In force on D": the point-in-time question. */
export function PointInTimeForm({ action, value }: { action: string; value?: string }) {
  return (
    <form method="get" action={action} class="gfx-pit" aria-labelledby="pit-title">
      <h2 id="pit-title">查询某日现行有效文件</h2>
      <Field
        label="日期"
        name="inForceOn"
        type="date"
        value={value}
        hint="列出该日（北京时间）现行有效的文件，以及各文件在该日的效力状态"
      />
      <div class="actions">
        <button type="submit">查询该日现行有效文件</button>
      </div>
    </form>
  );
}

/** On a document page shown as of another day (`?on=`): says so, and links today's view. */
export function AsOf({ doc, today, href }: { doc: DocumentDetail; today: string; href: string }) {
  if (doc.statusDate === today) return null;
  return (
    <Notice kind="info">
      以下效力状态和提示为 {doc.statusDate} 当日的状态。<a href={href}>查看今日状态</a>
    </Notice>
  );
}
