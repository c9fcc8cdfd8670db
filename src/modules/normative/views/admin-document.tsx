/** The back office's page of one document: facts, history, relations, interpretations and the forms that change them. */
import type { AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Notice, UploadForm } from '../../../web/components.tsx';
import { CrudForm, optionsOf, type CrudField, type FieldValue } from '../../../web/crud.tsx';
import { list, str } from '../../../web/forms.ts';
import type { PageContext } from '../../../web/page.ts';
import { DOC_NUMBER_EXAMPLE } from '../docnumber.ts';
import { INTERPRETATION_FORMS, KEY_POINT_KEYS, KEY_POINTS } from '../model.ts';
import type { DocumentDetail } from '../service.ts';
import { AsOf } from './filters.tsx';
import {
  BodyText,
  DocumentFacts,
  History,
  Interpretations,
  Publication,
  Relations,
  SampleMark,
  StatusBanner,
} from './parts.tsx';

const docHref = (id: number) => `/gfxwj/${id}`;
const adminHref = (id: number) => `/admin/gfxwj/${id}`;

/** The forms of the page, each re-shown with its own errors. */
export type DocumentSection = 'status' | 'renew' | 'supersede' | 'interp' | 'file' | 'resubmit';

/** A form of the page that was refused: its section, the refusal and what was entered. */
export interface FailedForm {
  section: DocumentSection;
  error: AppError;
  values: Record<string, unknown>;
}

/** Field errors renamed to the form's input names. */
export const fieldsWithPrefix = (e: AppError | undefined, map: Record<string, string>) =>
  e ? Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [map[k] ?? k, v])) : {};

/** What a refused form's post held, as the forms show it (an empty text as none, so defaults apply). */
function enteredValues(failed: FailedForm | undefined): Record<string, FieldValue> {
  if (!failed) return {};
  return Object.fromEntries(
    Object.entries(failed.values).map(([k, x]) => [k, Array.isArray(x) ? list(x) : str(x) || undefined]),
  );
}

/** 记录修改或废止. */
const statusFields: CrudField[] = [
  {
    kind: 'select',
    name: 'kind',
    label: '变化',
    default: 'amended',
    options: [
      { value: 'amended', label: '修改（修改后继续有效）' },
      { value: 'repealed', label: '废止' },
    ],
  },
  { kind: 'date', name: 'effectiveOn', label: '生效日期', required: true },
  {
    name: 'byDocNumber',
    label: '修改或废止本文件的文件文号',
    required: true,
    hint: `如 ${DOC_NUMBER_EXAMPLE}`,
    maxLength: 60,
  },
  { name: 'articles', label: '修改的条款', hint: '修改时填写，如“第三条、第五条”', maxLength: 500 },
  { name: 'note', label: '说明', maxLength: 500 },
];

/** 评估后延续有效期. */
const renewFields: CrudField[] = [
  {
    kind: 'number',
    name: 'renewYears',
    label: '新有效期（年）',
    hint: '不填按默认（5 年，试行、暂行 2 年）',
  },
  { kind: 'date', name: 'renewFrom', label: '新有效期第一日', hint: '不填为当前有效期届满的次日' },
  { name: 'renewNote', label: '评估说明', maxLength: 500 },
];

/** 登记被本文件替代的文件. */
const supersedeFields: CrudField[] = [
  { name: 'otherDocNumber', label: '被替代文件的文号', required: true, maxLength: 60 },
];

/** 登记政策解读: the interpretation, the key points it covers, and the briefing when there was one. */
const interpretationFields: CrudField[] = [
  { name: 'interpTitle', label: '解读标题', required: true, maxLength: 200 },
  {
    kind: 'select',
    name: 'interpForm',
    label: '解读形式',
    default: 'text',
    options: optionsOf(INTERPRETATION_FORMS),
  },
  {
    kind: 'date',
    name: 'interpPublishedOn',
    label: '发布日期',
    required: true,
    hint: '与文件同日发布为同步解读；晚于文件发布的标记为非同步',
  },
  { name: 'interpUrl', label: '解读链接', hint: '以 http://、https:// 或 / 开头', maxLength: 500 },
  {
    kind: 'checkboxes',
    name: 'keyPoints',
    label: '覆盖的解读要点（七要素）',
    options: KEY_POINT_KEYS.map((k) => ({ value: k, label: KEY_POINTS[k] })),
  },
  {
    kind: 'fieldset',
    legend: '新闻发布会/吹风会（解读形式为吹风会时填写）',
    fields: [
      { kind: 'date', name: 'briefingDate', label: '吹风会日期' },
      { name: 'briefingTopic', label: '主题', maxLength: 200 },
      { name: 'briefingSpeakers', label: '发布人（解读人）', maxLength: 200 },
      { name: 'briefingLink', label: '视频或文字实录链接', maxLength: 500 },
    ],
  },
];

/** One document in the back office, with the forms its editors use. */
export function AdminDocumentPage({
  page,
  doc,
  today,
  saved,
  failed,
}: {
  page: PageContext;
  doc: DocumentDetail;
  today: string;
  saved: boolean;
  failed?: FailedForm;
}) {
  const id = doc.id;
  const values = enteredValues(failed);
  const err = (section: DocumentSection, map: Record<string, string> = {}) =>
    failed?.section === section ? fieldsWithPrefix(failed.error, map) : {};
  const es = err('status');
  const er = err('renew', { years: 'renewYears', effectiveOn: 'renewFrom' });
  const eu = err('supersede');
  const ei = err('interp', {
    title: 'interpTitle',
    url: 'interpUrl',
    form: 'interpForm',
    publishedOn: 'interpPublishedOn',
  });
  const ef = err('file');
  const summary = (section: DocumentSection, fields: Record<string, string>) =>
    failed?.section === section && <ErrorSummary message={failed.error.userMessage} fields={fields} />;
  const refusal = (section: DocumentSection, fields: Record<string, string>) =>
    failed?.section === section ? { userMessage: failed.error.userMessage, fields } : undefined;
  return (
    <>
      <h1>
        {doc.title}
        <SampleMark sample={doc.isSample} />
      </h1>
      {saved && <Notice kind="success">已保存。</Notice>}
      <AsOf doc={doc} today={today} href={adminHref(id)} />
      <StatusBanner doc={doc} href={adminHref} />
      <p class="actions">
        {doc.canEdit && <a href={`/admin/gfxwj/${id}/edit`}>更正文件信息</a>}
        {doc.inLibrary ? (
          <a href={docHref(id)}>在门户查看</a>
        ) : (
          <span class="meta">未入库（门户不可见）</span>
        )}
        {doc.itemId && <a href={`/admin/content/${doc.itemId}`}>发布稿件</a>}
      </p>
      <Publication doc={doc} />
      {doc.canEdit && doc.withdrawnAt && (
        <form method="post" action={`/admin/gfxwj/${id}/resubmit`} class="gfx-form">
          <CsrfField page={page} />
          {summary('resubmit', err('resubmit'))}
          <button type="submit">重新报送（新建发布稿件草稿）</button>
        </form>
      )}
      <DocumentFacts doc={doc} fileHref={`/admin/gfxwj/${id}/file`} />
      <section aria-labelledby="a-hist">
        <h2 id="a-hist">效力变化历史</h2>
        <History doc={doc} href={adminHref} />
      </section>
      <section aria-labelledby="a-rel">
        <h2 id="a-rel">关联文件</h2>
        <Relations doc={doc} href={adminHref} />
      </section>
      <section aria-labelledby="a-interp">
        <h2 id="a-interp">政策解读</h2>
        <Interpretations doc={doc} />
      </section>
      {doc.canEdit && (
        <>
          {doc.isNormative && (
            <section aria-labelledby="a-status" class="gfx-form">
              <h2 id="a-status">记录修改或废止</h2>
              <CrudForm
                page={page}
                form={{ action: `/admin/gfxwj/${id}/status`, values, error: refusal('status', es) }}
                fields={statusFields}
                submit="记录变化"
              />
            </section>
          )}
          {doc.isNormative && doc.endsOn && (
            <section aria-labelledby="a-renew" class="gfx-form">
              <h2 id="a-renew">评估后延续有效期</h2>
              <p>当前有效期至 {doc.endsOn}。评估后需要继续执行的，重新登记新的有效期（新增一条历史记录）。</p>
              <CrudForm
                page={page}
                form={{ action: `/admin/gfxwj/${id}/renew`, values, error: refusal('renew', er) }}
                fields={renewFields}
                submit="延续有效期"
              />
            </section>
          )}
          <section aria-labelledby="a-sup" class="gfx-form">
            <h2 id="a-sup">登记被本文件替代的文件</h2>
            <CrudForm
              page={page}
              form={{ action: `/admin/gfxwj/${id}/supersede`, values, error: refusal('supersede', eu) }}
              fields={supersedeFields}
              submit="登记替代关系"
            />
          </section>
          <section aria-labelledby="a-newinterp" class="gfx-form">
            <h2 id="a-newinterp">登记政策解读</h2>
            <CrudForm
              page={page}
              form={{ action: `/admin/gfxwj/${id}/interpretations`, values, error: refusal('interp', ei) }}
              fields={interpretationFields}
              submit="登记解读"
            />
          </section>
          <section aria-labelledby="a-file" class="gfx-form">
            <h2 id="a-file">上传原件</h2>
            <UploadForm
              page={page}
              action={`/admin/gfxwj/${id}/file`}
              label="原件文件（PDF、OFD、Word、WPS，最大 10 MB）"
              accept=".pdf,.ofd,.doc,.docx,.wps"
              error={ef.file}
              submit="上传"
            >
              {summary('file', ef)}
            </UploadForm>
          </section>
        </>
      )}
      <section aria-labelledby="a-body">
        <h2 id="a-body">正文</h2>
        <BodyText text={doc.body} />
      </section>
    </>
  );
}
