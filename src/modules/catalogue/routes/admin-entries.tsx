/** Back-office entry pages: a new entry, one entry (edit, column mapping, offline postings). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { Notice } from '../../../web/components.tsx';
import { formPost, list, STATE_REFUSALS } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { CrudForm, optionsOf, type CrudField } from '../../../web/crud.tsx';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { listColumns } from '../../content/service.ts';
import { ITEM_KINDS } from '../../content/model.ts';
import { OFFLINE_CHANNELS, type EntryFields } from '../model.ts';
import {
  catalogueCoverage,
  createEntry,
  getCatalogue,
  listPostings,
  recordPosting,
  setEntryMapping,
  updateEntry,
  getEntry,
} from '../service.ts';
import {
  EntryFacts,
  EntryForm,
  entryName,
  PublicationList,
  StatusDetails,
  ToCheckMark,
} from '../views/parts.tsx';
import { adminCrumbs, EntryFormBody, entryForm, postingFrom } from './http.ts';

const SavedQuery = Type.Object({ saved: Type.Optional(Type.String()) });

/** 登记线下公开: where and when it was posted, the photo of it. */
const postingFields = (today: string): CrudField[] => [
  {
    kind: 'select',
    name: 'channel',
    label: '渠道',
    required: true,
    default: OFFLINE_CHANNELS[0],
    options: OFFLINE_CHANNELS.map((x) => ({ value: x, label: x })),
  },
  {
    name: 'title',
    label: '公开内容',
    required: true,
    maxLength: 200,
    hint: '如：2022年第一季度低保对象名单',
  },
  { kind: 'date', name: 'postedOn', label: '张贴日期', required: true, default: today },
  { kind: 'date', name: 'formedOn', label: '信息形成日期', hint: '可不填；填写后按公开时限判断是否按时' },
  { kind: 'file', name: 'photo', label: '照片', required: true, accept: 'image/jpeg,image/png' },
];

/** The back-office entry pages. */
export const catalogueEntryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const crumbs = adminCrumbs;
  const today = () => shanghaiDate(ctx.clock.now());

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
    async (req, reply) => renderEntryForm(req, reply, req.params.id),
  );
  app.post(
    '/admin/catalogues/:id/entries/new',
    { schema: { params: IdParams, body: EntryFormBody, hide: true } },
    async (req, reply) => {
      const input = entryForm(req.body);
      return formPost(
        async () => {
          const e = await createEntry(ctx, req.actor, req.params.id, input);
          return seeOther(reply, `/admin/catalogue/entries/${e.id}?saved=1`);
        },
        (err) => renderEntryForm(req, reply, req.params.id, input, err),
      );
    },
  );

  const renderEntry = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    saved?: string,
    error?: { form: 'entry' | 'mapping' | 'posting'; e: AppError; input?: Partial<EntryFields> },
  ) => {
    const entry = await getEntry(ctx, id);
    const cov = await catalogueCoverage(ctx, req.actor, entry.catalogueId);
    const row = cov.entries.find((x) => x.entry.id === id)!;
    const c = cov.catalogue;
    const columns = await listColumns(ctx.db);
    const postings = (await listPostings(ctx, req.actor, c.id)).filter((p) => p.entryId === id);
    const editable = can(req.actor, 'catalogue.edit');
    const err = (form: string) => (error?.form === form ? error.e : undefined);
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
              <CrudForm
                page={page}
                form={{
                  action: `/admin/catalogue/entries/${id}/mapping`,
                  values: { columnIds: row.entry.columnIds.map(String), itemKinds: row.entry.itemKinds },
                  error: err('mapping'),
                }}
                fields={[
                  {
                    kind: 'checkboxes',
                    name: 'columnIds',
                    label: '栏目',
                    options: columns.map((col) => ({ value: col.id, label: col.name })),
                  },
                  {
                    kind: 'checkboxes',
                    name: 'itemKinds',
                    label: '信息类型（不选为不限）',
                    options: optionsOf(ITEM_KINDS),
                  },
                ]}
                submit="保存对应栏目"
              />
            </section>
          )}
          {editable && (
            <section aria-labelledby="post-h">
              <h2 id="post-h">登记线下公开</h2>
              <p>在公开栏、村务公开栏等线下渠道公开后，登记张贴日期并上传照片（JPG 或 PNG）。</p>
              <CrudForm
                page={page}
                form={{ action: `/admin/catalogue/entries/${id}/postings`, error: err('posting') }}
                fields={postingFields(today())}
                submit="登记"
                multipart
              />
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
  app.get(
    '/admin/catalogue/entries/:id',
    { schema: { params: IdParams, querystring: SavedQuery, hide: true } },
    async (req, reply) => renderEntry(req, reply, req.params.id, req.query.saved),
  );
  app.post(
    '/admin/catalogue/entries/:id',
    { schema: { params: IdParams, body: EntryFormBody, hide: true } },
    async (req, reply) => {
      const input = entryForm(req.body);
      return formPost(
        async () => {
          await updateEntry(ctx, req.actor, req.params.id, input);
          return seeOther(reply, `/admin/catalogue/entries/${req.params.id}?saved=1`);
        },
        (e) => renderEntry(req, reply, req.params.id, undefined, { form: 'entry', e, input }),
      );
    },
  );
  app.post(
    '/admin/catalogue/entries/:id/mapping',
    {
      schema: {
        params: IdParams,
        body: FormBody({ columnIds: FormField, itemKinds: FormField }),
        hide: true,
      },
    },
    async (req, reply) => {
      const b = req.body;
      return formPost(
        async () => {
          await setEntryMapping(ctx, req.actor, req.params.id, {
            columnIds: list(b.columnIds).map(Number).filter(Number.isInteger),
            itemKinds: list(b.itemKinds),
          });
          return seeOther(reply, `/admin/catalogue/entries/${req.params.id}?saved=1`);
        },
        (e) => renderEntry(req, reply, req.params.id, undefined, { form: 'mapping', e }),
      );
    },
  );
  app.post(
    '/admin/catalogue/entries/:id/postings',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) =>
      formPost(
        async () => {
          await recordPosting(ctx, req.actor, req.params.id, await postingFrom(req));
          return seeOther(reply, `/admin/catalogue/entries/${req.params.id}?saved=1`);
        },
        (e) => renderEntry(req, reply, req.params.id, undefined, { form: 'posting', e }),
        STATE_REFUSALS,
      ),
  );
};
