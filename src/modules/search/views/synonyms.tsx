/** The back office's synonym list (/admin/search/synonyms) and its add / edit form. */
import { CsrfField, Notice } from '../../../web/components.tsx';
import { CrudForm, type CrudField, type FormState } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { MAX_SYNONYM_LENGTH, MAX_SYNONYMS, type SynonymGroup, type SynonymInput } from '../synonyms.ts';

/** Where the list lives; the forms are below it. */
export const SYNONYMS_PATH = '/admin/search/synonyms';

/** The list of groups, with the notice of what was just done (`done` from the redirect). */
export function SynonymListPage({
  page,
  groups,
  done,
}: {
  page: PageContext;
  groups: SynonymGroup[];
  done: string | undefined;
}) {
  return (
    <>
      <h1>搜索同义词</h1>
      {done === 'saved' && <Notice kind="success">已保存。</Notice>}
      {done === 'deleted' && <Notice kind="success">已删除。</Notice>}
      <p>
        群众搜索一组中的任何一个词时，站内搜索同时搜索这组的其他词，并在结果页注明“已同时搜索：……”。例如搜“低保”也能找到只写“最低生活保障”的文件。
        同一个词只能属于一组。修改在 30 秒内对所有搜索生效。
      </p>
      <p class="actions">
        <a class="button" href={`${SYNONYMS_PATH}/new`}>
          新增同义词
        </a>
      </p>
      <DataTable
        caption={<>同义词与简称（共 {groups.length} 组）</>}
        rows={groups}
        columns={[
          { label: '词语', rowHeader: true, cell: (g) => g.term },
          { label: '同义词或全称', cell: (g) => g.synonyms.join('、') },
          {
            label: '操作',
            cell: (g) => (
              <>
                <a href={`${SYNONYMS_PATH}/${g.id}`} aria-label={`编辑 ${g.term}`}>
                  编辑
                </a>
                <form method="post" action={`${SYNONYMS_PATH}/${g.id}/delete`} class="inline">
                  <CsrfField page={page} />
                  <button type="submit" aria-label={`删除 ${g.term}`}>
                    删除
                  </button>
                </form>
              </>
            ),
          },
        ]}
      />
    </>
  );
}

/** The add / edit form's fields: one word and its synonyms, one a line. */
const synonymFields: CrudField[] = [
  {
    name: 'term',
    label: '词语',
    required: true,
    maxLength: MAX_SYNONYM_LENGTH,
    hint: '群众常用的说法或简称，如：低保',
  },
  {
    kind: 'textarea',
    name: 'synonyms',
    label: '同义词或全称',
    rows: 4,
    required: true,
    hint: `每行一个，如：最低生活保障。最多 ${MAX_SYNONYMS} 个；同一个词只能属于一组`,
  },
];

/** The add / edit form; a stored group's synonyms come one a line. */
export function SynonymForm({ page, form }: { page: PageContext; form: FormState<SynonymInput> }) {
  const synonyms = form.values?.synonyms;
  const values = { ...form.values, synonyms: Array.isArray(synonyms) ? synonyms.join('\n') : synonyms };
  return <CrudForm page={page} form={{ ...form, values }} fields={synonymFields} cancel={SYNONYMS_PATH} />;
}
