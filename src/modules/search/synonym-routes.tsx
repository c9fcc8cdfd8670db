/**
 * The synonym and abbreviation list (issue 24 part 1): back-office pages (/admin/search/synonyms)
 * and the JSON API (/api/v1/search/synonyms), for the openness office; every change audited.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppError } from '../../errors.ts';
import { CsrfField, ErrorSummary, Field, Notice, TextArea } from '../../web/components.tsx';
import { formPost, str } from '../../web/forms.ts';
import type { PageContext } from '../../web/page.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { errors, IdParams, StrictObject } from '../../web/schemas.ts';
import { requirePermission } from '../auth/permissions.ts';
import {
  createSynonymGroup,
  deleteSynonymGroup,
  getSynonymGroup,
  listSynonyms,
  updateSynonymGroup,
} from './service.ts';
import { MAX_SYNONYM_LENGTH, MAX_SYNONYMS, type SynonymGroup, type SynonymInput } from './synonyms.ts';

const GroupSchema = Type.Object({
  id: Type.Integer(),
  term: Type.String({ description: '群众常用的说法或简称，如 低保' }),
  synonyms: Type.Array(Type.String(), { description: '同义词或全称，如 最低生活保障' }),
});

const GroupBody = StrictObject({
  term: Type.String({ maxLength: 200, description: `词语（最多 ${MAX_SYNONYM_LENGTH} 字）` }),
  synonyms: Type.Array(Type.String({ maxLength: 200 }), {
    maxItems: 50,
    description: `同义词或全称（1–${MAX_SYNONYMS} 个）；每个词只能属于一组`,
  }),
});

const REFUSALS = ['bad_request', 'conflict'] as const;
const LIST = '/admin/search/synonyms';

function formInput(body: unknown): SynonymInput {
  const b = (body ?? {}) as Record<string, unknown>;
  return { term: str(b.term), synonyms: str(b.synonyms) };
}

function GroupForm({
  page,
  action,
  group,
  error,
}: {
  page: PageContext;
  action: string;
  group?: Partial<SynonymInput>;
  error?: AppError;
}) {
  const synonyms = Array.isArray(group?.synonyms) ? group.synonyms.join('\n') : (group?.synonyms ?? '');
  return (
    <form method="post" action={action} novalidate>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <Field
        label="词语"
        name="term"
        value={group?.term}
        required
        maxLength={MAX_SYNONYM_LENGTH}
        error={error?.fields.term}
        hint="群众常用的说法或简称，如：低保"
      />
      <TextArea
        label="同义词或全称"
        name="synonyms"
        value={synonyms}
        rows={4}
        required
        error={error?.fields.synonyms}
        hint={`每行一个，如：最低生活保障。最多 ${MAX_SYNONYMS} 个；同一个词只能属于一组`}
      />
      <div class="actions">
        <button type="submit">保存</button>
        <a href={LIST}>取消</a>
      </div>
    </form>
  );
}

export const synonymRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/search/synonyms',
    {
      schema: {
        tags: ['搜索'],
        operationId: 'search.synonyms.list',
        summary: '同义词与简称列表（公开办维护）',
        response: { 200: Type.Array(GroupSchema), ...errors(401, 403) },
      },
    },
    async (req) => listSynonyms(ctx, req.actor),
  );
  app.post(
    '/api/v1/search/synonyms',
    {
      schema: {
        tags: ['搜索'],
        operationId: 'search.synonyms.create',
        summary: '新增一组同义词（搜索时同时搜索组内其他词）',
        body: GroupBody,
        response: { 201: GroupSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return createSynonymGroup(ctx, req.actor, req.body as SynonymInput);
    },
  );
  app.put(
    '/api/v1/search/synonyms/:id',
    {
      schema: {
        tags: ['搜索'],
        operationId: 'search.synonyms.update',
        summary: '修改一组同义词',
        params: IdParams,
        body: GroupBody,
        response: { 200: GroupSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) =>
      updateSynonymGroup(ctx, req.actor, (req.params as { id: number }).id, req.body as SynonymInput),
  );
  app.delete(
    '/api/v1/search/synonyms/:id',
    {
      schema: {
        tags: ['搜索'],
        operationId: 'search.synonyms.delete',
        summary: '删除一组同义词',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await deleteSynonymGroup(ctx, req.actor, (req.params as { id: number }).id);
      return reply.code(204).send();
    },
  );

  app.get(LIST, async (req, reply) => {
    const groups = await listSynonyms(ctx, req.actor);
    const done = (req.query as Record<string, string>).done;
    return renderAdmin(req, reply, { title: '搜索同义词' }, (page) => (
      <>
        <h1>搜索同义词</h1>
        {done === 'saved' && <Notice kind="success">已保存。</Notice>}
        {done === 'deleted' && <Notice kind="success">已删除。</Notice>}
        <p>
          群众搜索一组中的任何一个词时，站内搜索同时搜索这组的其他词，并在结果页注明“已同时搜索：……”。例如搜“低保”也能找到只写“最低生活保障”的文件。
          同一个词只能属于一组。修改在 30 秒内对所有搜索生效。
        </p>
        <p class="actions">
          <a class="button" href={`${LIST}/new`}>
            新增同义词
          </a>
        </p>
        <div class="table-wrap">
          <table>
            <caption>同义词与简称（共 {groups.length} 组）</caption>
            <thead>
              <tr>
                <th scope="col">词语</th>
                <th scope="col">同义词或全称</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr>
                  <td>{g.term}</td>
                  <td>{g.synonyms.join('、')}</td>
                  <td>
                    <a href={`${LIST}/${g.id}`} aria-label={`编辑 ${g.term}`}>
                      编辑
                    </a>
                    <form method="post" action={`${LIST}/${g.id}/delete`} class="inline">
                      <CsrfField page={page} />
                      <button type="submit" aria-label={`删除 ${g.term}`}>
                        删除
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    ));
  });

  const renderForm = (
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    action: string,
    group?: Partial<SynonymInput>,
    error?: AppError,
  ) =>
    renderAdmin(
      req,
      reply,
      {
        title,
        status: error ? error.status : 200,
        crumbs: [
          { href: LIST, label: '搜索同义词' },
          { href: action, label: title },
        ],
      },
      (page) => (
        <>
          <h1>{title}</h1>
          <GroupForm page={page} action={action} group={group} error={error} />
        </>
      ),
    );

  app.get(`${LIST}/new`, async (req, reply) => {
    requirePermission(req.actor, 'search.synonyms.manage');
    return renderForm(req, reply, '新增同义词', `${LIST}/new`);
  });
  app.post(`${LIST}/new`, async (req, reply) => {
    const input = formInput(req.body);
    return formPost(
      async () => {
        await createSynonymGroup(ctx, req.actor, input);
        return seeOther(reply, `${LIST}?done=saved`);
      },
      (e) => renderForm(req, reply, '新增同义词', `${LIST}/new`, input, e),
      REFUSALS,
    );
  });
  app.get(`${LIST}/:id`, { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const g: SynonymGroup = await getSynonymGroup(ctx, req.actor, (req.params as { id: number }).id);
    return renderForm(req, reply, `编辑：${g.term}`, `${LIST}/${g.id}`, g);
  });
  app.post(`${LIST}/:id`, { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    const input = formInput(req.body);
    return formPost(
      async () => {
        await updateSynonymGroup(ctx, req.actor, id, input);
        return seeOther(reply, `${LIST}?done=saved`);
      },
      (e) => renderForm(req, reply, '编辑同义词', `${LIST}/${id}`, input, e),
      REFUSALS,
    );
  });
  app.post(`${LIST}/:id/delete`, { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    await deleteSynonymGroup(ctx, req.actor, (req.params as { id: number }).id);
    return seeOther(reply, `${LIST}?done=deleted`);
  });
};
