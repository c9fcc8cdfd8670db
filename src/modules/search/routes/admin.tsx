/**
 * The synonym and abbreviation list in the back office (/admin/search/synonyms, issue 24 part 1),
 * for the openness office; every change audited.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { crudFormRoutes } from '../../../web/crud.tsx';
import { str } from '../../../web/forms.ts';
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
import type { SynonymInput } from '../synonyms.ts';
import { SYNONYMS_PATH as LIST, SynonymForm, SynonymListPage } from '../views/synonyms.tsx';

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

  crudFormRoutes(app, {
    newPath: `${LIST}/new`,
    editPath: `${LIST}/:id`,
    body: GroupForm,
    read: formInput,
    refusals: REFUSALS,
    crumbs: [{ href: LIST, label: '搜索同义词' }],
    titles: { new: '新增同义词', edit: '编辑同义词' },
    guard: (req) => requirePermission(req.actor, 'search.synonyms.manage'),
    load: async (req, id) => {
      const g = await getSynonymGroup(ctx, req.actor, id);
      return { title: `编辑：${g.term}`, values: g };
    },
    create: async (req, reply, input) => {
      await createSynonymGroup(ctx, req.actor, input);
      return seeOther(reply, `${LIST}?done=saved`);
    },
    update: async (req, reply, id, input) => {
      await updateSynonymGroup(ctx, req.actor, id, input);
      return seeOther(reply, `${LIST}?done=saved`);
    },
    page: async (_req, form) => (page) => <SynonymForm page={page} form={form} />,
  });
  app.post(`${LIST}/:id/delete`, { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    await deleteSynonymGroup(ctx, req.actor, req.params.id);
    return seeOther(reply, `${LIST}?done=deleted`);
  });
};
