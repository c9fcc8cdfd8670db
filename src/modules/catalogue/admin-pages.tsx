/** Back-office catalogue pages: the overview, a catalogue, its coverage, import, entries; the home panel. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import {
  CsrfField,
  ErrorSummary,
  Field,
  FileField,
  Notice,
  Select,
  TextArea,
  UploadForm,
} from '../../web/components.tsx';
import { formPost, int, list, STATE_REFUSALS, str } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { errors, IdParams } from '../../web/schemas.ts';
import { can } from '../auth/permissions.ts';
import { listColumns } from '../content/service.ts';
import { ITEM_KINDS, percent } from '../content/model.ts';
import { listOrgs } from '../org/service.ts';
import { treeOrder } from '../org/model.ts';
import { OFFLINE_CHANNELS, TO_CHECK, type EntryFields } from './model.ts';
import { attachPilotReport } from './pilot.ts';
import {
  catalogueCoverage,
  coverageOverview,
  createCatalogue,
  createEntry,
  getCatalogue,
  listTemplateChanges,
  type TemplateChangeView,
  listPostings,
  listTemplates,
  recordPosting,
  scopeOfOrg,
  setEntryMapping,
  updateCatalogueNotes,
  updateEntry,
} from './service.ts';
import { selectEntry } from './store.ts';
import {
  Checks,
  DomainTable,
  EntryFacts,
  EntryForm,
  entryName,
  PublicationList,
  StateLabel,
  StatusDetails,
  TemplateChangeLine,
  ToCheckMark,
} from './views.tsx';
import { importCatalogueXlsx } from './xlsx.ts';
import { adminCrumbs, entryForm, fileFrom, postingFrom } from './http.ts';

/** The back-office catalogue and entry pages. */
export function catalogueAdminPages(app: FastifyInstance): void {
  const ctx = app.ctx;
  const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;
  const today = () => shanghaiDate(ctx.clock.now());

  // ───────────── back office ─────────────
  const crumbs = adminCrumbs;

  const renderList = async (
    req: FastifyRequest,
    reply: FastifyReply,
    error?: AppError,
    form?: Record<string, unknown>,
  ) => {
    const year = int((req.query as Record<string, string>).year) ?? Number(today().slice(0, 4));
    const overview = await coverageOverview(ctx, req.actor, year);
    const orgs = can(req.actor, 'catalogue.edit')
      ? (await listOrgs(ctx, req.actor)).filter((o) => scopeOfOrg(o))
      : [];
    const templates = await listTemplates(ctx, req.actor);
    const domains = [...new Set(templates.map((t) => `${t.scope}|${t.domain}`))].map(
      (k) => k.split('|') as [string, string],
    );
    const e = error?.fields ?? {};
    return renderAdmin(
      req,
      reply,
      { title: '基层政务公开标准目录', status: error?.status ?? 200, crumbs: crumbs() },
      (page) => (
        <>
          <h1>基层政务公开标准目录（{year}年）</h1>
          <p class="actions">
            <a href="/admin/catalogue/templates">领域模板</a>
            <a href={`/admin/catalogues?year=${year - 1}`}>{year - 1}年</a>
            <a href={`/admin/catalogues?year=${year + 1}`}>{year + 1}年</a>
          </p>
          <div class="table-wrap">
            <table>
              <caption>各单位目录覆盖率（截至 {today()}）</caption>
              <thead>
                <tr>
                  <th scope="col">目录</th>
                  <th scope="col">单位</th>
                  <th scope="col">事项</th>
                  <th scope="col">已公开/应公开</th>
                  <th scope="col">覆盖率</th>
                  <th scope="col">逾期</th>
                  <th scope="col">缺口</th>
                </tr>
              </thead>
              <tbody>
                {overview.map((r) => (
                  <tr>
                    <td>
                      <a href={`/admin/catalogues/${r.catalogue.id}`}>{r.catalogue.title}</a>
                    </td>
                    <td>{r.orgName}</td>
                    <td>{r.total.entries}</td>
                    <td>
                      {r.total.fulfilled}/{r.total.due}
                    </td>
                    <td>{percent(r.total.rate)}</td>
                    <td>{r.late}</td>
                    <td>
                      <a href={`/admin/catalogues/${r.catalogue.id}/coverage`}>{r.gaps} 项</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!overview.length && <p>本年度还没有目录。</p>}
          {orgs.length > 0 && (
            <section aria-labelledby="new-h">
              <h2 id="new-h">编制目录</h2>
              <form method="post" action="/admin/catalogues" novalidate>
                <CsrfField page={page} />
                <ErrorSummary message={error?.userMessage} fields={error?.fields} />
                <Select
                  label="单位"
                  name="orgId"
                  value={String(form?.orgId ?? '')}
                  required
                  error={e.orgId}
                  options={[
                    { value: '', label: '请选择' },
                    ...treeOrder(orgs).map(({ org }) => ({ value: org.id, label: org.name })),
                  ]}
                />
                <Field
                  label="年度"
                  name="year"
                  type="number"
                  value={String(form?.year ?? year)}
                  required
                  error={e.year}
                />
                <Checks
                  legend="领域（不选则取全部正式模板；村、社区取村（居）务模板）"
                  name="domains"
                  options={domains.map(([scope, d]) => [
                    d,
                    `${d}（${scope === 'village' ? '村（居）务' : '乡镇'}）`,
                  ])}
                  checked={(form?.domains as string[]) ?? []}
                  error={e.domains}
                />
                <div class="actions">
                  <button type="submit">按模板编制</button>
                </div>
              </form>
            </section>
          )}
        </>
      ),
    );
  };
  app.get('/admin/catalogues', async (req, reply) => renderList(req, reply));
  app.post('/admin/catalogues', async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const form = { orgId: int(b.orgId), year: int(b.year), domains: list(b.domains) };
    return formPost(
      async () => {
        const c = await createCatalogue(ctx, req.actor, {
          orgId: form.orgId ?? 0,
          year: form.year ?? 0,
          domains: form.domains.length ? form.domains : undefined,
        });
        return seeOther(reply, `/admin/catalogues/${c.id}?saved=1`);
      },
      (e) => renderList(req, reply, e, form),
    );
  });

  const renderCatalogue = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: AppError,
    notes?: string,
  ) => {
    const cov = await catalogueCoverage(ctx, req.actor, id);
    const c = cov.catalogue;
    const editable = can(req.actor, 'catalogue.edit');
    const q = req.query as Record<string, string>;
    return renderAdmin(
      req,
      reply,
      {
        title: c.title,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/catalogues/${id}`, label: c.title }]),
      },
      (page) => (
        <>
          <h1>{c.title}</h1>
          {q.saved && <Notice kind="success">已保存。</Notice>}
          {q.evidence && <Notice kind="success">建设情况报告已作为佐证材料关联到任务台账。</Notice>}
          <p>
            {cov.orgName}，共 {cov.entries.length} 个事项，覆盖率 {percent(cov.total.rate)}
            {cov.unreadableLimits.length > 0 && `；${cov.unreadableLimits.length} 个事项的公开时限未能识别`}。
          </p>
          <p class="actions">
            <a href={`/admin/catalogues/${id}/coverage`}>覆盖率和时效</a>
            <a href={`/api/v1/catalogues/${id}/export.xlsx`}>导出 Excel</a>
            {editable && <a href={`/admin/catalogues/${id}/import`}>导入 Excel</a>}
            {editable && <a href={`/admin/catalogues/${id}/entries/new`}>增补事项</a>}
            <a href={`/catalogue/${id}`}>查看公开页面</a>
            {c.scope === 'township' && <a href={`/catalogue/${id}/report.docx`}>建设情况报告（Word）</a>}
          </p>
          {editable && c.scope === 'township' && (
            <form method="post" action={`/admin/catalogues/${id}/evidence`}>
              <CsrfField page={page} />
              <button type="submit">把建设情况报告关联到任务台账第 13 项</button>
            </form>
          )}
          <div class="table-wrap">
            <table>
              <caption>公开事项</caption>
              <thead>
                <tr>
                  <th scope="col">序号</th>
                  <th scope="col">领域</th>
                  <th scope="col">公开事项</th>
                  <th scope="col">公开时限</th>
                  <th scope="col">对应栏目</th>
                  <th scope="col">完成情况</th>
                </tr>
              </thead>
              <tbody>
                {cov.entries.map(({ entry, status }) => (
                  <tr>
                    <td>{entry.seq}</td>
                    <td>{entry.domain}</td>
                    <td>
                      <a href={`/admin/catalogue/entries/${entry.id}`}>{entryName(entry)}</a>
                      <ToCheckMark e={entry} />
                      {entry.templateEntryId == null && <span class="meta">（本单位增补）</span>}
                    </td>
                    <td>{entry.timeLimit}</td>
                    <td>{entry.columnIds.length ? `${entry.columnIds.length} 个栏目` : '未对应'}</td>
                    <td>
                      <StateLabel state={status.state} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {editable && (
            <form method="post" action={`/admin/catalogues/${id}/notes`} novalidate>
              <CsrfField page={page} />
              <ErrorSummary message={error?.userMessage} fields={error?.fields} />
              <TextArea
                label="建设成效与改进措施（写入建设情况报告）"
                name="notes"
                value={notes ?? c.notes}
                rows={5}
                maxLength={5000}
                error={error?.fields.notes}
              />
              <div class="actions">
                <button type="submit">保存</button>
              </div>
            </form>
          )}
        </>
      ),
    );
  };
  app.get('/admin/catalogues/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderCatalogue(req, reply, idOf(req)),
  );
  app.post(
    '/admin/catalogues/:id/notes',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const notes = str((req.body as Record<string, unknown>)?.notes);
      return formPost(
        async () => {
          await updateCatalogueNotes(ctx, req.actor, idOf(req), notes);
          return seeOther(reply, `/admin/catalogues/${idOf(req)}?saved=1`);
        },
        (e) => renderCatalogue(req, reply, idOf(req), e, notes),
      );
    },
  );
  app.post(
    '/admin/catalogues/:id/evidence',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) =>
      formPost(
        async () => {
          await attachPilotReport(ctx, req.actor, idOf(req));
          return seeOther(reply, `/admin/catalogues/${idOf(req)}?evidence=1`);
        },
        (e) => renderCatalogue(req, reply, idOf(req), e),
        ['bad_request', 'not_found', 'forbidden'],
      ),
  );

  app.get(
    '/admin/catalogues/:id/coverage',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const cov = await catalogueCoverage(ctx, req.actor, idOf(req));
      const c = cov.catalogue;
      return renderAdmin(
        req,
        reply,
        {
          title: `${c.title}：覆盖率和时效`,
          crumbs: crumbs([
            { href: `/admin/catalogues/${c.id}`, label: c.title },
            { href: `/admin/catalogues/${c.id}/coverage`, label: '覆盖率和时效' },
          ]),
        },
        <>
          <h1>{c.title}：覆盖率和时效</h1>
          <p>截至 {cov.today}。时效按工作日历计算（法定节假日和调休），未能识别的公开时限不判断时效。</p>
          <DomainTable caption="各领域覆盖率" rows={[...cov.domains, cov.total]} />
          <p class="meta">标“{TO_CHECK}”的事项尚未与本省版本核对，单独计数，不计入事项数和覆盖率。</p>
          <h2>缺口和下一步（{cov.gaps.length} 项）</h2>
          {cov.gaps.length ? (
            <ul>
              {cov.gaps.map(({ entry, status }) => (
                <li>
                  <a href={`/admin/catalogue/entries/${entry.id}`}>
                    {entry.domain}：{entryName(entry)}
                    <ToCheckMark e={entry} />
                  </a>{' '}
                  <StateLabel state={status.state} />，{status.dueText}
                </li>
              ))}
            </ul>
          ) : (
            <p>没有缺口。</p>
          )}
          {cov.unreadableLimits.length > 0 && (
            <>
              <h2>公开时限未能识别（{cov.unreadableLimits.length} 项）</h2>
              <ul>
                {cov.unreadableLimits.map(({ entry }) => (
                  <li>
                    <a href={`/admin/catalogue/entries/${entry.id}`}>{entryName(entry)}</a>：“
                    {entry.timeLimit}”
                  </li>
                ))}
              </ul>
            </>
          )}
        </>,
      );
    },
  );

  const renderImport = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: AppError,
    done?: { created: number; updated: number; deleted: number; warnings: string[] },
  ) => {
    const c = await getCatalogue(ctx, req.actor, id);
    return renderAdmin(
      req,
      reply,
      {
        title: '导入目录',
        status: error?.status ?? 200,
        crumbs: crumbs([
          { href: `/admin/catalogues/${id}`, label: c.title },
          { href: `/admin/catalogues/${id}/import`, label: '导入' },
        ]),
      },
      (page) => (
        <>
          <h1>导入目录：{c.title}</h1>
          {done && (
            <Notice kind="success">
              已导入：新增 {done.created} 项，更新 {done.updated} 项，删除 {done.deleted} 项。
            </Notice>
          )}
          {done?.warnings.length ? (
            <Notice kind="warning">
              <ul>
                {done.warnings.map((w) => (
                  <li>{w}</li>
                ))}
              </ul>
            </Notice>
          ) : null}
          <ErrorSummary message={error?.userMessage} />
          <p>
            上传标准目录表（.xlsx），每个领域一个工作表，表头为：序号、公开事项（一级事项、二级事项）、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、公开对象（全社会、特定群体）、公开方式（主动、依申请）、公开层级（县级、乡级），勾选处填“√”。同领域、同一级和二级事项的行更新原事项（保留对应栏目和公开记录），文件中没有的事项将被删除。任何一行有误则整份文件不导入。
          </p>
          <UploadForm
            page={page}
            action={`/admin/catalogues/${id}/import`}
            label="文件"
            accept=".xlsx"
            submit="导入"
          />
        </>
      ),
    );
  };
  app.get('/admin/catalogues/:id/import', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderImport(req, reply, idOf(req)),
  );
  app.post('/admin/catalogues/:id/import', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    formPost(
      async () =>
        renderImport(
          req,
          reply,
          idOf(req),
          undefined,
          await importCatalogueXlsx(ctx, req.actor, idOf(req), await fileFrom(req)),
        ),
      (e) => renderImport(req, reply, idOf(req), e),
    ),
  );

  const renderEntryForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    catalogueId: number,
    e?: Partial<EntryFields>,
    error?: AppError,
  ) => {
    const c = await getCatalogue(ctx, req.actor, catalogueId);
    return renderAdmin(
      req,
      reply,
      {
        title: '增补事项',
        status: error?.status ?? 200,
        crumbs: crumbs([
          { href: `/admin/catalogues/${c.id}`, label: c.title },
          { href: `/admin/catalogues/${c.id}/entries/new`, label: '增补事项' },
        ]),
      },
      (page) => (
        <>
          <h1>增补事项：{c.title}</h1>
          <EntryForm
            page={page}
            action={`/admin/catalogues/${c.id}/entries/new`}
            e={e}
            error={error}
            cancel={`/admin/catalogues/${c.id}`}
          />
        </>
      ),
    );
  };
  app.get(
    '/admin/catalogues/:id/entries/new',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => renderEntryForm(req, reply, idOf(req)),
  );
  app.post(
    '/admin/catalogues/:id/entries/new',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const input = entryForm(req.body);
      return formPost(
        async () => {
          const e = await createEntry(ctx, req.actor, idOf(req), input);
          return seeOther(reply, `/admin/catalogue/entries/${e.id}?saved=1`);
        },
        (err) => renderEntryForm(req, reply, idOf(req), input, err),
      );
    },
  );

  const renderEntry = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: { form: 'entry' | 'mapping' | 'posting'; e: AppError; input?: Partial<EntryFields> },
  ) => {
    const entry = await selectEntry(ctx.db, id);
    if (!entry) throw notFound('公开事项');
    const cov = await catalogueCoverage(ctx, req.actor, entry.catalogueId);
    const row = cov.entries.find((x) => x.entry.id === id)!;
    const c = cov.catalogue;
    const columns = await listColumns(ctx.db);
    const postings = (await listPostings(ctx, req.actor, c.id)).filter((p) => p.entryId === id);
    const editable = can(req.actor, 'catalogue.edit');
    const err = (form: string) => (error?.form === form ? error.e : undefined);
    const saved = (req.query as Record<string, string>).saved;
    return renderAdmin(
      req,
      reply,
      {
        title: entryName(row.entry),
        status: error?.e.status ?? 200,
        crumbs: crumbs([
          { href: `/admin/catalogues/${c.id}`, label: c.title },
          { href: `/admin/catalogue/entries/${id}`, label: entryName(row.entry) },
        ]),
      },
      (page) => (
        <>
          <h1>
            {row.entry.domain}：{entryName(row.entry)}
            <ToCheckMark e={row.entry} />
          </h1>
          {saved && <Notice kind="success">已保存。</Notice>}
          <section aria-labelledby="st-h">
            <h2 id="st-h">本年度公开情况</h2>
            <StatusDetails s={row.status} />
            <PublicationList s={row.status} empty="本年度尚无公开记录。" />
          </section>
          {editable && (
            <section aria-labelledby="map-h">
              <h2 id="map-h">对应栏目</h2>
              <p>
                本单位在这些栏目发布的信息（限定类型时只计这些类型）自动计入本事项；保存后，已发布的信息也会重新计入。
              </p>
              <form method="post" action={`/admin/catalogue/entries/${id}/mapping`} novalidate>
                <CsrfField page={page} />
                <ErrorSummary message={err('mapping')?.userMessage} fields={err('mapping')?.fields} />
                <Checks
                  legend="栏目"
                  name="columnIds"
                  options={columns.map((col) => [String(col.id), col.name])}
                  checked={row.entry.columnIds.map(String)}
                  error={err('mapping')?.fields.columnIds}
                />
                <Checks
                  legend="信息类型（不选为不限）"
                  name="itemKinds"
                  options={Object.entries(ITEM_KINDS)}
                  checked={row.entry.itemKinds}
                  error={err('mapping')?.fields.itemKinds}
                />
                <div class="actions">
                  <button type="submit">保存对应栏目</button>
                </div>
              </form>
            </section>
          )}
          {editable && (
            <section aria-labelledby="post-h">
              <h2 id="post-h">登记线下公开</h2>
              <p>在公开栏、村务公开栏等线下渠道公开后，登记张贴日期并上传照片（JPG 或 PNG）。</p>
              <form
                method="post"
                action={`/admin/catalogue/entries/${id}/postings?_csrf=${encodeURIComponent(page.csrfToken)}`}
                enctype="multipart/form-data"
                novalidate
              >
                <ErrorSummary message={err('posting')?.userMessage} fields={err('posting')?.fields} />
                <Select
                  label="渠道"
                  name="channel"
                  required
                  value={OFFLINE_CHANNELS[0]}
                  options={OFFLINE_CHANNELS.map((x) => ({ value: x, label: x }))}
                  error={err('posting')?.fields.channel}
                />
                <Field
                  label="公开内容"
                  name="title"
                  required
                  maxLength={200}
                  error={err('posting')?.fields.title}
                  hint="如：2022年第一季度低保对象名单"
                />
                <Field
                  label="张贴日期"
                  name="postedOn"
                  type="date"
                  required
                  value={today()}
                  error={err('posting')?.fields.postedOn}
                />
                <Field
                  label="信息形成日期"
                  name="formedOn"
                  type="date"
                  error={err('posting')?.fields.formedOn}
                  hint="可不填；填写后按公开时限判断是否按时"
                />
                <FileField
                  label="照片"
                  name="photo"
                  required
                  accept="image/jpeg,image/png"
                  error={err('posting')?.fields.photo}
                />
                <div class="actions">
                  <button type="submit">登记</button>
                </div>
              </form>
              {postings.length > 0 && (
                <ul class="link-list">
                  {postings.map((p) => (
                    <li>
                      {p.postedOn} {p.channel}：{p.title}{' '}
                      <a href={`/api/v1/catalogue/postings/${p.id}/photo`}>照片</a>
                      <span class="meta">（{p.recordedBy} 登记）</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
          <section aria-labelledby="fields-h">
            <h2 id="fields-h">事项内容</h2>
            {editable ? (
              <EntryForm
                page={page}
                action={`/admin/catalogue/entries/${id}`}
                e={error?.form === 'entry' ? error.input : row.entry}
                error={err('entry')}
                submit="保存事项"
              />
            ) : (
              <EntryFacts e={row.entry} />
            )}
          </section>
        </>
      ),
    );
  };
  app.get('/admin/catalogue/entries/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderEntry(req, reply, idOf(req)),
  );
  app.post(
    '/admin/catalogue/entries/:id',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const input = entryForm(req.body);
      return formPost(
        async () => {
          await updateEntry(ctx, req.actor, idOf(req), input);
          return seeOther(reply, `/admin/catalogue/entries/${idOf(req)}?saved=1`);
        },
        (e) => renderEntry(req, reply, idOf(req), { form: 'entry', e, input }),
      );
    },
  );
  app.post(
    '/admin/catalogue/entries/:id/mapping',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      return formPost(
        async () => {
          await setEntryMapping(ctx, req.actor, idOf(req), {
            columnIds: list(b.columnIds).map(Number).filter(Number.isInteger),
            itemKinds: list(b.itemKinds),
          });
          return seeOther(reply, `/admin/catalogue/entries/${idOf(req)}?saved=1`);
        },
        (e) => renderEntry(req, reply, idOf(req), { form: 'mapping', e }),
      );
    },
  );
  app.post(
    '/admin/catalogue/entries/:id/postings',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) =>
      formPost(
        async () => {
          await recordPosting(ctx, req.actor, idOf(req), await postingFrom(req));
          return seeOther(reply, `/admin/catalogue/entries/${idOf(req)}?saved=1`);
        },
        (e) => renderEntry(req, reply, idOf(req), { form: 'posting', e }),
        STATE_REFUSALS,
      ),
  );
}

/** Back-office home panel: the actor's catalogues of this year with their coverage and gaps. */
export async function catalogueDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'catalogue.read')) return null;
  const year = Number(shanghaiDate(ctx.clock.now()).slice(0, 4));
  const rows = (await coverageOverview(ctx, actor, year)).filter((r) => r.catalogue.scope === 'township');
  const changes = can(actor, 'catalogue.template')
    ? await listTemplateChanges(ctx, actor, { unread: true })
    : [];
  if (!rows.length && !changes.length) return null;
  return (
    <>
      {changes.length > 0 && <TemplateChangesNotice changes={changes} />}
      {rows.length > 0 && <CoveragePanel rows={rows} />}
    </>
  );
}

/** The 公开办's notice of what an upgrade changed in the shipped templates, until marked read. */
export function TemplateChangesNotice({ changes }: { changes: TemplateChangeView[] }) {
  const domains = [...new Set(changes.map((c) => c.domain))];
  return (
    <section class="card" aria-labelledby="catalogue-template-changes">
      <h2 id="catalogue-template-changes">领域模板已更新（{domains.join('、')}）</h2>
      <p>
        升级后随软件提供的模板已更正：本办未修改过的事项已替换，修改过的保留；已编制的目录不变。标“{TO_CHECK}
        ”的事项请对照本省版本核对。
      </p>
      <ul>
        {changes.slice(0, 30).map((c) => (
          <TemplateChangeLine c={c} />
        ))}
      </ul>
      {changes.length > 30 && <p class="meta">另有 {changes.length - 30} 项，见模板页。</p>}
      <p>
        <a href="/admin/catalogue/templates#template-changes">到领域模板页查看（在该页确认已阅后不再提示）</a>
      </p>
    </section>
  );
}

function CoveragePanel({ rows }: { rows: Awaited<ReturnType<typeof coverageOverview>> }) {
  return (
    <section class="card" aria-labelledby="catalogue-panel">
      <h2 id="catalogue-panel">基层政务公开标准目录</h2>
      <ul class="link-list">
        {rows.slice(0, 8).map((r) => (
          <li>
            <a href={`/admin/catalogues/${r.catalogue.id}/coverage`}>{r.orgName}</a> 覆盖率{' '}
            {percent(r.total.rate)}
            {r.gaps > 0 && <span class="status-bad">，缺口 {r.gaps} 项</span>}
          </li>
        ))}
      </ul>
      <p>
        <a href="/admin/catalogues">查看全部目录</a>
      </p>
    </section>
  );
}
