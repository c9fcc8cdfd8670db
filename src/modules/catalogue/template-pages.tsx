/**
 * Back-office pages for the district templates: every domain's rows for all who may read catalogues;
 * adding, editing and removing rows for the openness office (catalogue.template), through the same
 * use cases as the API, audited there. Catalogues already built keep their own copy.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound, type AppError } from '../../errors.ts';
import { CsrfField, Notice, Select } from '../../web/components.tsx';
import { formPost, str } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { IdParams } from '../../web/schemas.ts';
import { can, requirePermission } from '../auth/permissions.ts';
import { LEVELS, SCOPES, type EntryFields, type Scope, type TemplateEntry } from './model.ts';
import {
  createTemplateEntry,
  deleteTemplateEntry,
  listTemplates,
  updateTemplateEntry,
  type TemplateEntryInput,
} from './service.ts';
import { EntryForm, entryName } from './views.tsx';
import { adminCrumbs, entryForm } from './http.ts';

const LIST = { href: '/admin/catalogue/templates', label: '领域模板' };

/** The back-office template pages. */
export function catalogueTemplatePages(app: FastifyInstance): void {
  const ctx = app.ctx;
  const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;

  app.get('/admin/catalogue/templates', async (req, reply) => {
    const rows = await listTemplates(ctx, req.actor);
    const domains = [...new Set(rows.map((t) => t.domain))];
    const editable = can(req.actor, 'catalogue.template');
    const q = req.query as Record<string, string>;
    return renderAdmin(req, reply, { title: '领域模板', crumbs: adminCrumbs([LIST]) }, (page) => (
      <>
        <h1>领域模板（全区共用）</h1>
        {q.saved && <Notice kind="success">已保存。</Notice>}
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
              {editable && (
                <p class="actions">
                  <a href={`/admin/catalogue/templates/new?domain=${encodeURIComponent(d)}`}>
                    在“{d}”中增加事项
                  </a>
                </p>
              )}
              <div class="table-wrap">
                <table>
                  <caption>
                    {d}：{inDomain.length} 个事项
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">序号</th>
                      <th scope="col">公开事项</th>
                      <th scope="col">公开内容（要素）</th>
                      <th scope="col">公开时限</th>
                      <th scope="col">公开主体</th>
                      <th scope="col">层级</th>
                      {editable && <th scope="col">操作</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {inDomain.map((t) => (
                      <tr>
                        <td>{t.seq}</td>
                        <td>{entryName(t)}</td>
                        <td>{t.content}</td>
                        <td>{t.timeLimit}</td>
                        <td>{t.subject}</td>
                        <td>{t.level.map((l) => LEVELS[l]).join('、')}</td>
                        {editable && (
                          <td>
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
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          );
        })}
      </>
    ));
  });

  const renderNew = async (
    req: FastifyRequest,
    reply: FastifyReply,
    input?: Partial<TemplateEntryInput>,
    error?: AppError,
  ) => {
    requirePermission(req.actor, 'catalogue.template');
    const label = '增加模板事项';
    return renderAdmin(
      req,
      reply,
      {
        title: label,
        status: error?.status ?? 200,
        crumbs: adminCrumbs([LIST, { href: '/admin/catalogue/templates/new', label }]),
      },
      (page) => (
        <>
          <h1>{label}</h1>
          <p>填写已有领域的名称即加入该领域（排在最后）；填写新领域的名称即新建领域，请选择适用范围。</p>
          <EntryForm
            page={page}
            action="/admin/catalogue/templates/new"
            e={input}
            error={error}
            cancel="/admin/catalogue/templates"
          >
            <Select
              label="适用范围（新领域必选）"
              name="scope"
              value={input?.scope ?? ''}
              error={error?.fields.scope}
              options={[
                { value: '', label: '沿用该领域的范围' },
                ...(Object.entries(SCOPES) as [Scope, string][]).map(([value, l]) => ({ value, label: l })),
              ]}
            />
          </EntryForm>
        </>
      ),
    );
  };
  app.get('/admin/catalogue/templates/new', async (req, reply) =>
    renderNew(req, reply, { domain: str((req.query as Record<string, unknown>).domain) }),
  );
  app.post('/admin/catalogue/templates/new', async (req, reply) => {
    const scope = str((req.body as Record<string, unknown> | undefined)?.scope);
    const input: TemplateEntryInput = {
      ...entryForm(req.body),
      scope: (scope || undefined) as Scope | undefined,
    };
    return formPost(
      async () => {
        await createTemplateEntry(ctx, req.actor, input);
        return seeOther(reply, '/admin/catalogue/templates?saved=1');
      },
      (e) => renderNew(req, reply, input, e),
    );
  });

  const templateOf = async (req: FastifyRequest, id: number): Promise<TemplateEntry> => {
    const t = (await listTemplates(ctx, req.actor)).find((x) => x.id === id);
    if (!t) throw notFound('模板事项');
    return t;
  };
  const renderEdit = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    input?: Partial<EntryFields>,
    error?: AppError,
  ) => {
    requirePermission(req.actor, 'catalogue.template');
    const t = await templateOf(req, id);
    return renderAdmin(
      req,
      reply,
      {
        title: `修改模板事项：${entryName(t)}`,
        status: error?.status ?? 200,
        crumbs: adminCrumbs([LIST, { href: `/admin/catalogue/templates/${id}`, label: entryName(t) }]),
      },
      (page) => (
        <>
          <h1>
            修改模板事项：{t.domain}：{entryName(t)}
          </h1>
          <p class="meta source-note">
            {SCOPES[t.scope]}，来源：{t.source || '演示数据，无来源'}。修改只影响以后编制的目录。
          </p>
          <EntryForm
            page={page}
            action={`/admin/catalogue/templates/${id}`}
            e={input ?? t}
            error={error}
            cancel="/admin/catalogue/templates"
          />
        </>
      ),
    );
  };
  app.get(
    '/admin/catalogue/templates/:id',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => renderEdit(req, reply, idOf(req)),
  );
  app.post(
    '/admin/catalogue/templates/:id',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const input = entryForm(req.body);
      return formPost(
        async () => {
          await updateTemplateEntry(ctx, req.actor, idOf(req), input);
          return seeOther(reply, '/admin/catalogue/templates?saved=1');
        },
        (e) => renderEdit(req, reply, idOf(req), input, e),
      );
    },
  );
  app.post(
    '/admin/catalogue/templates/:id/delete',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      await deleteTemplateEntry(ctx, req.actor, idOf(req));
      return seeOther(reply, '/admin/catalogue/templates?deleted=1');
    },
  );
}
