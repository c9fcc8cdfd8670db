/** Back-office pages of the library: the list, and the registration and correction form. */
import type { AppError } from '../../../errors.ts';
import { Pagination } from '../../../web/components.tsx';
import { CHOOSE, CrudForm, type CrudField } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { treeOrder, type Org } from '../../org/model.ts';
import { DOC_NUMBER_EXAMPLE } from '../docnumber.ts';
import { SUBJECTS } from '../model.ts';
import type { LibraryFilter, NormativeDocumentView } from '../service.ts';
import type { EnterDocumentInput } from '../service/workflow.ts';
import { FilterForm, PointInTimeForm } from './filters.tsx';
import { DocumentTable } from './parts.tsx';

const adminHref = (id: number) => `/admin/gfxwj/${id}`;

/** The back office's library: actions, search, and documents including the actor's orgs' drafts. */
export function AdminLibraryPage({
  filter,
  result,
  orgs,
  now,
  base,
  canManage,
  canExchange,
}: {
  filter: LibraryFilter;
  result: { items: NormativeDocumentView[]; total: number; page: number; pageSize: number };
  orgs: Org[];
  now: Date;
  base: string;
  canManage: boolean;
  canExchange: boolean;
}) {
  return (
    <>
      <h1>规范性文件库</h1>
      <p class="actions">
        {canManage && (
          <a class="button" href="/admin/gfxwj/new">
            登记规范性文件
          </a>
        )}
        <a href="/admin/gfxwj/rate">政策解读率</a>
        {canExchange && (
          <>
            <a href="/admin/gfxwj/import">导入登记台账</a>
            <a href="/api/v1/normative-documents/export?format=xlsx">导出（Excel）</a>
            <a href="/admin/gfxwj/settings">索引号设置</a>
          </>
        )}
      </p>
      <div class="gfx-search">
        <FilterForm action="/admin/gfxwj" filter={filter} orgs={orgs} now={now} allStatuses />
        <PointInTimeForm action="/admin/gfxwj" value={filter.inForceOn} />
      </div>
      <DocumentTable
        items={result.items}
        href={filter.inForceOn ? (id) => `${adminHref(id)}?on=${filter.inForceOn}` : adminHref}
        dateLabel={filter.inForceOn ? `${filter.inForceOn} 状态` : '今日状态'}
        caption={
          filter.inForceOn
            ? `${filter.inForceOn} 现行有效的文件（共 ${result.total} 件）`
            : `文件（共 ${result.total} 件，含本单位未入库文件）`
        }
      />
      <Pagination page={result.page} pageSize={result.pageSize} total={result.total} baseUrl={base} />
    </>
  );
}

/** What the registration and correction form shows (its fields as entered). */
export interface DocumentFormValues extends Partial<EnterDocumentInput> {
  leadOrgId?: number | null;
  jointOrgIds?: number[];
  publishedOn?: string | null;
}

/** New registration, or correction of a document (施行日期 and validity are history, shown only). */
export type DocumentFormMode =
  | { kind: 'new' }
  | { kind: 'edit'; id: number; effectiveOn: string; endsOn: string | null; inLibrary: boolean };

/** The joint issuers: a multiple choice in the org tree's order. */
function JointOrgs({ orgs, chosen }: { orgs: Org[]; chosen?: number[] }) {
  return (
    <div class="field">
      <label for="f-jointOrgIds">联合发文机关（可多选，没有则不选）</label>
      <select id="f-jointOrgIds" name="jointOrgIds" multiple size={6}>
        {treeOrder(orgs).map(({ org, depth }) => (
          <option
            value={org.id}
            selected={chosen?.includes(org.id)}
          >{`${'　'.repeat(depth)}${org.name}`}</option>
        ))}
      </select>
    </div>
  );
}

/** The registration and correction form's fields; 施行日期 and validity only on a new registration. */
function documentFields(
  mode: DocumentFormMode,
  values: DocumentFormValues,
  orgs: Org[],
  leads: { value: number; label: string }[],
): CrudField[] {
  const date = (name: string, label: string): CrudField => ({ kind: 'date', name, label, required: true });
  return [
    ...(mode.kind === 'new'
      ? ([
          {
            kind: 'part',
            content: (
              <p>
                登记后同时建立一篇“政策文件”发布稿件草稿（标题、全文、文号取自本表）。稿件经报送、审核、保密审查并发布后，文件才进入门户文件库；发布前的个人信息和错敏词检查同样适用。
              </p>
            ),
          },
          {
            kind: 'select',
            name: 'docKind',
            label: '文件类型',
            options: [
              { value: 'normative', label: '行政规范性文件（入文件库，记录有效期和效力状态）' },
              {
                value: 'policy',
                label: '其他涉及群众或企业权益的政策文件（需要解读，只计入解读率，不入文件库）',
              },
            ],
          },
        ] satisfies CrudField[])
      : []),
    {
      name: 'docNumber',
      label: '文号',
      required: true,
      hint: `格式：机关代字〔年份〕序号号，如 ${DOC_NUMBER_EXAMPLE}；括号可用 〔〕、[]、()、【】，保存时统一为〔〕`,
      maxLength: 60,
    },
    {
      name: 'title',
      label: '标题',
      required: true,
      maxLength: 200,
      hint: '标题含“试行”或“暂行”的，有效期默认 2 年',
    },
    { kind: 'select', name: 'leadOrgId', label: '主办机关', required: true, options: [CHOOSE, ...leads] },
    { kind: 'part', content: <JointOrgs orgs={orgs} chosen={values.jointOrgIds} /> },
    date('writtenOn', '成文日期'),
    ...(mode.kind === 'edit' && mode.inLibrary ? [date('publishedOn', '发布日期')] : []),
    ...(mode.kind === 'new'
      ? [
          date('effectiveOn', '施行日期'),
          {
            kind: 'number',
            name: 'validityYears',
            label: '有效期（年）',
            hint: '不填按默认：5 年，标题含试行、暂行的 2 年；0 表示不设有效期。有效期最后一日 = 施行日期 + N 年 − 1 天，到期日 24 时（北京时间）后失效',
          } satisfies CrudField,
        ]
      : [
          {
            kind: 'part',
            content: (
              <p>
                施行日期 {mode.effectiveOn}，有效期至 {mode.endsOn ?? '不设有效期'}
                。施行日期和有效期属于效力历史，只能通过“修改或废止”“延续有效期”记录变化。
              </p>
            ),
          } satisfies CrudField,
        ]),
    {
      name: 'registrationNumber',
      label: '登记号',
      hint: '省级备案登记号，没有可不填',
      maxLength: 64,
    },
    {
      kind: 'select',
      name: 'subject',
      label: '主题分类',
      required: true,
      options: [CHOOSE, ...SUBJECTS.map((s) => ({ value: s, label: s }))],
    },
    {
      kind: 'textarea',
      name: 'body',
      label: '全文',
      rows: 12,
      hint:
        mode.kind === 'edit' && !mode.inLibrary
          ? '发布时文件库取发布稿件中经过检查和审核的标题和全文'
          : undefined,
    },
  ];
}

/** The registration and correction form. */
export function DocumentFormPage({
  page,
  mode,
  values,
  orgs,
  leads,
  errs,
  error,
  title,
  action,
}: {
  page: PageContext;
  mode: DocumentFormMode;
  values: DocumentFormValues;
  orgs: Org[];
  leads: { value: number; label: string }[];
  errs: Record<string, string>;
  error?: AppError;
  title: string;
  action: string;
}) {
  const v = values;
  const shown = {
    docKind: v.isNormative === false ? 'policy' : 'normative',
    docNumber: v.docNumber,
    title: v.title,
    leadOrgId: v.leadOrgId,
    writtenOn: v.writtenOn,
    publishedOn: v.publishedOn,
    effectiveOn: v.effectiveOn,
    validityYears: v.validityYears,
    registrationNumber: v.registrationNumber,
    subject: v.subject,
    body: v.body,
  };

  return (
    <>
      <h1>{title}</h1>
      <CrudForm
        page={page}
        form={{ action, values: shown, error: error && { userMessage: error.userMessage, fields: errs } }}
        fields={documentFields(mode, values, orgs, leads)}
        cancel={mode.kind === 'new' ? '/admin/gfxwj' : adminHref(mode.id)}
      />
    </>
  );
}
