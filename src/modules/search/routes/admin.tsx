/**
 * The synonym and abbreviation list in the back office (/admin/search/synonyms, issue 24 part 1),
 * for the openness office; every change audited.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppError } from '../../../errors.ts';
import { formPost, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams } from '../../../web/schemas.ts';
import { requirePermission } from '../../auth/permissions.ts';
import {
  createSynonymGroup,
  deleteSynonymGroup,
  getSynonymGroup,
  listSynonyms,
  updateSynonymGroup,
} from '../service.ts';
import type { SynonymGroup, SynonymInput } from '../synonyms.ts';
import { SYNONYMS_PATH as LIST, SynonymFormPage, SynonymListPage } from '../views/synonyms.tsx';

const REFUSALS = ['bad_request', 'conflict'] as const;

const GroupForm = FormBody({ term: FormField, synonyms: FormField });
/** What the list says after a redirect (saved / deleted); other parameters are ignored, as before. */
const ListQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

function formInput(body: Static<typeof GroupForm> | undefined): SynonymInput {
  return { term: str(body?.term), synonyms: str(body?.synonyms) };
}

/** The synonym pages: list, add, edit, delete. */
export const searchAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get(LIST, { schema: { querystring: ListQuery } }, async (req, reply) => {
    const groups = await listSynonyms(ctx, req.actor);
    return renderAdmin(req, reply, { title: '搜索同义词' }, (page) => (
      <SynonymListPage page={page} groups={groups} done={req.query.done} />
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
      (page) => <SynonymFormPage page={page} title={title} action={action} group={group} error={error} />,
    );

  app.get(`${LIST}/new`, async (req, reply) => {
    requirePermission(req.actor, 'search.synonyms.manage');
    return renderForm(req, reply, '新增同义词', `${LIST}/new`);
  });
  app.post(`${LIST}/new`, { schema: { body: GroupForm } }, async (req, reply) => {
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
    const g: SynonymGroup = await getSynonymGroup(ctx, req.actor, req.params.id);
    return renderForm(req, reply, `编辑：${g.term}`, `${LIST}/${g.id}`, g);
  });
  app.post(
    `${LIST}/:id`,
    { schema: { params: IdParams, body: GroupForm, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const input = formInput(req.body);
      return formPost(
        async () => {
          await updateSynonymGroup(ctx, req.actor, id, input);
          return seeOther(reply, `${LIST}?done=saved`);
        },
        (e) => renderForm(req, reply, '编辑同义词', `${LIST}/${id}`, input, e),
        REFUSALS,
      );
    },
  );
  app.post(`${LIST}/:id/delete`, { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    await deleteSynonymGroup(ctx, req.actor, req.params.id);
    return seeOther(reply, `${LIST}?done=deleted`);
  });
};
