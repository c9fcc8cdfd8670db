/** 政务公开专区 in the back office: the registry, the zone form and a zone's consultation log. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { AppError } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { formPost, int, list, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { crudFormRoutes } from '../../../web/crud.tsx';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, SavedQuery } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { listOrgs, listPublicOrgs } from '../../org/service.ts';
import type { ZoneChannel, ZoneFields, ZoneService } from '../model.ts';
import {
  createZone,
  getZone,
  listZoneConsultations,
  listZones,
  logZoneConsultation,
  updateZone,
} from '../service.ts';
import { ZoneForm, ZoneList, ZonePage, type ConsultationForm } from '../views/admin.tsx';

const ZoneFormBody = FormBody({
  name: FormField,
  orgId: FormField,
  address: FormField,
  hours: FormField,
  phone: FormField,
  services: FormField,
  active: FormField,
});
function zoneForm(b: Static<typeof ZoneFormBody>): ZoneFields {
  return {
    name: str(b.name),
    orgId: int(b.orgId) ?? 0,
    address: str(b.address),
    hours: str(b.hours),
    phone: str(b.phone),
    services: list(b.services) as ZoneService[],
    active: str(b.active) !== '0',
  };
}

const ConsultationFormBody = FormBody({
  date: FormField,
  topic: FormField,
  channel: FormField,
  answered: FormField,
});

const crumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/admin', label: '工作台' },
  { href: '/admin/zones', label: '政务公开专区' },
  ...extra,
];

/** The back-office pages under /admin/zones. */
export const zoneAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get('/admin/zones', async (req, reply) => {
    const zones = await listZones(ctx, req.actor);
    const orgNames = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));
    return renderAdmin(
      req,
      reply,
      { title: '政务公开专区', crumbs: crumbs() },
      <ZoneList zones={zones} orgNames={orgNames} canManage={can(req.actor, 'zones.manage')} />,
    );
  });

  crudFormRoutes(app, {
    newPath: '/admin/zones/new',
    editPath: '/admin/zones/:id/edit',
    body: ZoneFormBody,
    read: zoneForm,
    crumbs: crumbs(),
    titles: { new: '新建专区', edit: '修改专区' },
    load: async (req, id) => {
      const z = await getZone(ctx, req.actor, id);
      return { title: `修改专区：${z.name}`, values: z };
    },
    create: async (req, reply, input) => {
      const z = await createZone(ctx, req.actor, input);
      return seeOther(reply, `/admin/zones/${z.id}?saved=1`);
    },
    update: async (req, reply, id, input) => {
      await updateZone(ctx, req.actor, id, input);
      return seeOther(reply, `/admin/zones/${id}?saved=1`);
    },
    page: async (req, form) => {
      const orgs = await listOrgs(ctx, req.actor);
      return (page) => <ZoneForm page={page} form={form} orgs={orgs} />;
    },
  });

  const renderZone = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    saved: boolean,
    error?: AppError,
    form?: ConsultationForm,
  ) => {
    const zone = await getZone(ctx, req.actor, id);
    const log = await listZoneConsultations(ctx, req.actor, id);
    return renderAdmin(
      req,
      reply,
      {
        title: zone.name,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/zones/${id}`, label: zone.name }]),
      },
      (page) => (
        <ZonePage
          page={page}
          zone={zone}
          log={log}
          today={shanghaiDate(ctx.clock.now())}
          saved={saved}
          canManage={can(req.actor, 'zones.manage')}
          error={error}
          form={form}
        />
      ),
    );
  };
  app.get(
    '/admin/zones/:id',
    { schema: { params: IdParams, querystring: SavedQuery, hide: true } },
    async (req, reply) => renderZone(req, reply, req.params.id, !!req.query.saved),
  );
  app.post(
    '/admin/zones/:id/consultations',
    { schema: { params: IdParams, body: ConsultationFormBody, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const b = req.body;
      const form = {
        date: str(b.date),
        topic: str(b.topic),
        channel: str(b.channel),
        answered: str(b.answered),
      };
      return formPost(
        async () => {
          await logZoneConsultation(ctx, req.actor, id, {
            date: form.date,
            topic: form.topic,
            channel: form.channel as ZoneChannel,
            answered: form.answered !== '0',
          });
          return seeOther(reply, `/admin/zones/${id}?saved=1`);
        },
        (e) => renderZone(req, reply, id, false, e, form),
      );
    },
  );
};
