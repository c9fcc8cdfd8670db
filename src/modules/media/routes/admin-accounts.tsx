/** 政务新媒体 accounts in the back office: the list, the direct form, one account and its checks. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../../../context.ts';
import type { AppError } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { formPost, STATE_REFUSALS, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, SavedQuery } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { listOrgs, listPublicOrgs } from '../../org/service.ts';
import type { AccountFields } from '../model.ts';
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
import { AccountFormPage, AccountList, AccountPage, MediaPanel } from '../views/accounts.tsx';
import { AccountForm, accountForm, crumbs } from './forms.ts';

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

  const renderAccountForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    action: string,
    a?: Partial<AccountFields>,
    error?: AppError,
  ) => {
    const orgs = await listOrgs(ctx, req.actor);
    return renderAdmin(
      req,
      reply,
      { title, status: error?.status ?? 200, crumbs: crumbs([{ href: action, label: title }]) },
      (page) => <AccountFormPage page={page} title={title} action={action} orgs={orgs} a={a} error={error} />,
    );
  };

  // A filing already pending or decided (invalid_state) is shown on the form too (STATE_REFUSALS).
  app.get('/admin/media/new', async (req, reply) =>
    renderAccountForm(req, reply, '直接登记账号', '/admin/media/new'),
  );
  app.post('/admin/media/new', { schema: { body: AccountForm, hide: true } }, async (req, reply) => {
    const input = accountForm(req.body);
    return formPost(
      async () => {
        const a = await createAccount(ctx, req.actor, input);
        return seeOther(reply, `/admin/media/${a.id}?saved=1`);
      },
      (e) => renderAccountForm(req, reply, '直接登记账号', '/admin/media/new', input, e),
      STATE_REFUSALS,
    );
  });
  app.get('/admin/media/:id/edit', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const a = await getAccount(ctx, req.actor, req.params.id);
    return renderAccountForm(req, reply, `修改账号：${a.accountName}`, `/admin/media/${a.id}/edit`, a);
  });
  app.post(
    '/admin/media/:id/edit',
    { schema: { params: IdParams, body: AccountForm, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const input = accountForm(req.body);
      return formPost(
        async () => {
          await updateAccount(ctx, req.actor, id, input);
          return seeOther(reply, `/admin/media/${id}?saved=1`);
        },
        (e) => renderAccountForm(req, reply, '修改账号', `/admin/media/${id}/edit`, input, e),
        STATE_REFUSALS,
      );
    },
  );

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
