/** The district templates page: every domain's rows, the upgrade notices, and 公开办's actions. */
import { CsrfField, Notice } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { CONFIDENCES, LEVELS, SCOPES, TO_CHECK, type TemplateEntry } from '../model.ts';
import type { TemplateChangeView } from '../service.ts';
import { entryName, TemplateChangeLine, ToCheckMark } from './parts.tsx';

/** /admin/catalogue/templates. */
export function TemplateList({
  page,
  rows,
  domains,
  editable,
  q,
  changes,
}: {
  page: PageContext;
  rows: TemplateEntry[];
  domains: string[];
  editable: boolean;
  q: { saved?: string; read?: string; replaced?: string; entries?: string; deleted?: string };
  changes: TemplateChangeView[];
}) {
  return (
    <>
      <h1>领域模板（全区共用）</h1>
      {q.saved && <Notice kind="success">已保存。</Notice>}
      {q.read && <Notice kind="success">已确认模板更新，工作台不再提示。</Notice>}
      {q.replaced && (
        <Notice kind="success">
          已用本省版本替换“{q.replaced}”领域模板（{q.entries} 项）；已编制的目录不受影响。
        </Notice>
      )}
      {changes.length > 0 && (
        <section id="template-changes" aria-labelledby="template-changes-h">
          <h2 id="template-changes-h">升级带来的模板更新（{changes.length} 项）</h2>
          <ul>
            {changes.map((c) => (
              <TemplateChangeLine c={c} />
            ))}
          </ul>
          {editable && (
            <form method="post" action="/admin/catalogue/template-changes/read" class="inline">
              <CsrfField page={page} />
              <button type="submit">已阅，工作台不再提示</button>
            </form>
          )}
        </section>
      )}
      <p>
        标“{TO_CHECK}
        ”的事项未经政府网站公布的副本确认（可信度低，或只知一级事项名称），请对照本省版本核对后在修改页取消“
        {TO_CHECK}”，或用本省版本的 Excel 整体替换该领域模板。
      </p>
      {q.deleted && <Notice kind="success">已删除模板事项；已编制的目录保留该事项。</Notice>}
      <p>
        各乡、街办、管理处按领域模板编制目录后可以增补、修改本单位的事项；模板的修改不影响已编制的目录。标注“演示数据”的领域不是从标准指引录入的，正式使用前请替换。
      </p>
      {editable && (
        <p class="actions">
          <a href="/admin/catalogue/templates/new">增加模板事项</a>
        </p>
      )}
      {domains.map((d, i) => {
        const inDomain = rows.filter((t) => t.domain === d);
        return (
          <section aria-labelledby={`t-${i}`}>
            <h2 id={`t-${i}`}>
              {d}（{SCOPES[inDomain[0].scope]}）{inDomain[0].isSample && <span class="meta">演示数据</span>}
            </h2>
            <p class="meta source-note">来源：{inDomain[0].source || '演示数据，无来源'}</p>
            <p class="actions">
              <a href={`/api/v1/catalogue/templates/export.xlsx?domain=${encodeURIComponent(d)}`}>
                导出“{d}”模板（Excel）
              </a>
              {editable && (
                <>
                  <a href={`/admin/catalogue/templates/new?domain=${encodeURIComponent(d)}`}>
                    在“{d}”中增加事项
                  </a>
                  <a href={`/admin/catalogue/templates/replace?domain=${encodeURIComponent(d)}`}>
                    用本省版本替换“{d}”
                  </a>
                </>
              )}
            </p>
            <DataTable
              label={`${d}模板事项（可左右滚动）`}
              caption={
                <>
                  {d}：{inDomain.length} 个事项
                  {inDomain.some((t) => t.toCheck) &&
                    `，其中${TO_CHECK} ${inDomain.filter((t) => t.toCheck).length} 个`}
                </>
              }
              rows={inDomain}
              columns={[
                { label: '序号', cell: (t) => t.seq },
                {
                  label: '公开事项',
                  rowHeader: true,
                  cell: (t) => (
                    <>
                      {entryName(t)}
                      <ToCheckMark e={t} />
                    </>
                  ),
                },
                { label: '公开内容（要素）', cell: (t) => t.content },
                { label: '公开时限', cell: (t) => t.timeLimit },
                { label: '公开主体', cell: (t) => t.subject },
                { label: '层级', cell: (t) => t.level.map((l) => LEVELS[l]).join('、') },
                {
                  label: '可信度',
                  cell: (t) => (
                    <>
                      {t.confidence ? CONFIDENCES[t.confidence] : t.edited ? '本办修改' : '—'}
                      {t.witnesses.length > 0 && (
                        <span class="meta">
                          （见证副本 {t.witnesses.length} 份，其中政府网站{' '}
                          {t.witnesses.filter((w) => w.government).length} 份）
                        </span>
                      )}
                    </>
                  ),
                },
                ...(editable
                  ? [
                      {
                        label: '操作',
                        cell: (t: TemplateEntry) => (
                          <>
                            <a
                              href={`/admin/catalogue/templates/${t.id}`}
                              aria-label={`修改：${entryName(t)}`}
                            >
                              修改
                            </a>{' '}
                            <form
                              method="post"
                              action={`/admin/catalogue/templates/${t.id}/delete`}
                              class="inline"
                            >
                              <CsrfField page={page} />
                              <button type="submit" class="link-button" aria-label={`删除：${entryName(t)}`}>
                                删除
                              </button>
                            </form>
                          </>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </section>
        );
      })}
    </>
  );
}
