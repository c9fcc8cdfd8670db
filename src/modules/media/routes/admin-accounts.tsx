/** 政务新媒体 accounts in the back office: the list, the direct form, one account and its checks. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../../../context.ts';
import type { AppError } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { formPost, STATE_REFUSALS, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { crudFormRoutes } from '../../../web/crud.tsx';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, SavedQuery } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { listOrgs, listPublicOrgs } from '../../org/service.ts';
import {
  accountsWithFreshness,
  createAccount,
  getAccount,
  listAccounts,
  listChecks,
  listFilings,
  recordCheck,
  updateAccount,
} from '../service.ts';
import { AccountForm, AccountList, AccountPage, MediaPanel } from '../views/accounts.tsx';
import { AccountFormBody, accountForm, crumbs } from './forms.ts';

const CheckForm = FormBody({
  checkedOn: FormField,
  lastUpdateDate: FormField,
  interactionOk: FormField,
  note: FormField,
});

/** The back-office account pages under /admin/media. */
export const mediaAccountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const orgName = async () => new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));

  app.get('/admin/media', { schema: { querystring: SavedQuery, hide: true } }, async (req, reply) => {
    const today = shanghaiDate(ctx.clock.now());
    const accounts = await listAccounts(ctx, req.actor);
    const names = await orgName();
    return renderAdmin(
      req,
      reply,
      { title: '政务新媒体', crumbs: crumbs() },
      <AccountList
        accounts={accounts}
        names={names}
        today={today}
        saved={!!req.query.saved}
        canManage={can(req.actor, 'media.manage')}
        canApprove={can(req.actor, 'media.approve')}
      />,
    );
  });

  // A filing already pending or decided (invalid_state) is shown on the form too (STATE_REFUSALS).
  crudFormRoutes(app, {
    newPath: '/admin/media/new',
    editPath: '/admin/media/:id/edit',
    body: AccountFormBody,
    read: accountForm,
    refusals: STATE_REFUSALS,
    crumbs: crumbs(),
    titles: { new: '直接登记账号', edit: '修改账号' },
    load: async (req, id) => {
      const a = await getAccount(ctx, req.actor, id);
      return { title: `修改账号：${a.accountName}`, values: a };
    },
    create: async (req, reply, input) => {
      const a = await createAccount(ctx, req.actor, input);
      return seeOther(reply, `/admin/media/${a.id}?saved=1`);
    },
    update: async (req, reply, id, input) => {
      await updateAccount(ctx, req.actor, id, input);
      return seeOther(reply, `/admin/media/${id}?saved=1`);
    },
    page: async (req, form) => {
      const orgs = await listOrgs(ctx, req.actor);
      return (page) => <AccountForm page={page} form={form} orgs={orgs} />;
    },
  });

  const renderAccount = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    saved: boolean,
    error?: AppError,
    check?: Record<string, string>,
  ) => {
    const a = await getAccount(ctx, req.actor, id);
    const [checks, filings, names] = await Promise.all([
      listChecks(ctx, req.actor, id),
      listFilings(ctx, req.actor, { accountId: id }),
      orgName(),
    ]);
    const today = shanghaiDate(ctx.clock.now());
    return renderAdmin(
      req,
      reply,
      {
        title: a.accountName,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/media/${id}`, label: a.accountName }]),
      },
      (page) => (
        <AccountPage
          page={page}
          a={a}
          checks={checks}
          filings={filings}
          names={names}
          today={today}
          saved={saved}
          canManage={can(req.actor, 'media.manage')}
          canApprove={can(req.actor, 'media.approve')}
          error={error}
          check={check}
        />
      ),
    );
  };

  app.get(
    '/admin/media/:id',
    { schema: { params: IdParams, querystring: SavedQuery, hide: true } },
    async (req, reply) => renderAccount(req, reply, req.params.id, !!req.query.saved),
  );
  app.post(
    '/admin/media/:id/checks',
    { schema: { params: IdParams, body: CheckForm, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const b = req.body;
      const form = {
        checkedOn: str(b.checkedOn),
        lastUpdateDate: str(b.lastUpdateDate),
        interactionOk: str(b.interactionOk),
        note: str(b.note),
      };
      return formPost(
        async () => {
          await recordCheck(ctx, req.actor, id, { ...form, interactionOk: form.interactionOk !== '0' });
          return seeOther(reply, `/admin/media/${id}?saved=1`);
        },
        (e) => renderAccount(req, reply, id, false, e, form),
        STATE_REFUSALS,
      );
    },
  );
};

/** Back-office home panel: accounts failing a freshness rule and filings awaiting review. */
export async function mediaDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'channels.read')) return null;
  const list = await accountsWithFreshness(ctx, actor);
  const failing = list.filter((x) => x.freshness.failing);
  const pending = can(actor, 'media.approve')
    ? (await listFilings(ctx, actor, { status: 'submitted' })).length
    : 0;
  if (!list.length && !pending) return null;
  return (
    <MediaPanel list={list} failing={failing} pending={pending} canApprove={can(actor, 'media.approve')} />
  );
}
