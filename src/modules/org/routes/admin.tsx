/** The org tree in the back office (/admin/orgs): list, create, edit. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { crudFormRoutes } from '../../../web/crud.tsx';
import { int, list, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, SavedQuery } from '../../../web/schemas.ts';
import { requirePermission } from '../../auth/permissions.ts';
import type { OrgInput, OrgKind } from '../model.ts';
import { createOrg, getOrg, listOrgs, updateOrg } from '../service.ts';
import { OrgForm, OrgList } from '../views/orgs.tsx';

const OrgFormBody = FormBody({
  name: FormField,
  shortName: FormField,
  code: FormField,
  kind: FormField,
  parentId: FormField,
  aliases: FormField,
  sortOrder: FormField,
  isSample: FormField,
  foiAddress: FormField,
  foiPostcode: FormField,
  foiPhone: FormField,
  foiFax: FormField,
  foiHours: FormField,
  letterNumberPattern: FormField,
  reviewBody: FormField,
});

/** The org form's fields as a use-case input (text kept; the use case says what is wrong). */
function formInput(b: Static<typeof OrgFormBody>): OrgInput {
  return {
    name: str(b.name),
    shortName: str(b.shortName),
    code: str(b.code).toUpperCase(),
    kind: str(b.kind) as OrgKind,
    parentId: int(b.parentId),
    aliases: str(b.aliases)
      .split(/[,，、\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
    sortOrder: int(b.sortOrder) ?? 0,
    isSample: list(b.isSample).includes('1'),
    foiDesk: {
      address: str(b.foiAddress),
      postcode: str(b.foiPostcode),
      phone: str(b.foiPhone),
      fax: str(b.foiFax),
      hours: str(b.foiHours),
    },
    letterNumberPattern: str(b.letterNumberPattern),
    reviewBody: str(b.reviewBody),
  };
}

/** /admin/orgs and its forms. */
export const orgAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get('/admin/orgs', { schema: { querystring: SavedQuery, hide: true } }, async (req, reply) => {
    const orgs = await listOrgs(ctx, req.actor);
    return renderAdmin(req, reply, { title: '机关管理' }, <OrgList orgs={orgs} saved={!!req.query.saved} />);
  });

  crudFormRoutes(app, {
    newPath: '/admin/orgs/new',
    editPath: '/admin/orgs/:id',
    body: OrgFormBody,
    read: formInput,
    crumbs: [{ href: '/admin/orgs', label: '机关管理' }],
    titles: { new: '新建机关', edit: '编辑机关' },
    guard: (req) => requirePermission(req.actor, 'org.manage'),
    load: async (req, id) => {
      requirePermission(req.actor, 'org.manage');
      const org = await getOrg(ctx.db, id);
      return { title: `编辑：${org.name}`, values: org };
    },
    create: async (req, reply, input) => {
      await createOrg(ctx, req.actor, input);
      return seeOther(reply, '/admin/orgs?saved=1');
    },
    update: async (req, reply, id, input) => {
      await updateOrg(ctx, req.actor, id, input);
      return seeOther(reply, '/admin/orgs?saved=1');
    },
    page: async (req, form) => {
      const orgs = await listOrgs(ctx, req.actor);
      return (page) => <OrgForm page={page} form={form} orgs={orgs} />;
    },
  });
};
