/** The webhooks back-office pages: subscribers, the subscriber form, one subscriber's delivery log. */
import { beijingTime, Notice, Pagination } from '../../../web/components.tsx';
import { CrudForm, yesNo, type CrudField, type FormState } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { MAX_ATTEMPTS, WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS } from '../model.ts';
import type { SubscriberInput } from '../service.ts';
import type { Delivery, Subscriber } from '../store.ts';

/** What each delivery status is called. */
const STATUS_LABELS: Record<string, string> = {
  pending: '待发送/待重试',
  delivered: '已送达',
  failed: '已放弃',
};

/** Every subscriber. */
export function SubscriberList({ subs }: { subs: Subscriber[] }) {
  return (
    <>
      <h1>对接推送（Webhook）</h1>
      <p>
        依申请公开案件和信息发布的变化，以签名的 JSON 事件推送给对接系统（12345 热线、市级平台等）。签名方法见
        <a href="/api/docs">接口文档</a>与 docs/modules/webhooks.md。
      </p>
      <p class="actions">
        <a class="button" href="/admin/webhooks/new">
          新建订阅
        </a>
      </p>
      <DataTable
        caption={<>订阅（共 {subs.length} 个）</>}
        rows={subs}
        columns={[
          { label: '对接方', cell: (s) => <a href={`/admin/webhooks/${s.id}`}>{s.name}</a> },
          { label: '接收地址', cell: (s) => s.url },
          { label: '事件', cell: (s) => `${s.events.length} 种` },
          { label: '状态', cell: (s) => (s.active ? '启用' : '停用') },
        ]}
      />
    </>
  );
}

/** The form creating or changing a subscriber; the secret's hint says what an empty box does. */
export function SubscriberForm({ page, form }: { page: PageContext; form: FormState<SubscriberInput> }) {
  const fields: CrudField[] = [
    { name: 'name', label: '对接方名称', required: true, maxLength: 100 },
    {
      name: 'url',
      label: '接收地址',
      required: true,
      maxLength: 500,
      hint: '只允许 http:// 或 https:// 地址；默认不允许本机和内网地址',
    },
    {
      kind: 'checkboxes',
      name: 'events',
      label: '推送的事件',
      required: true,
      options: WEBHOOK_EVENT_TYPES.map((k) => ({ value: k, label: WEBHOOK_EVENTS[k] })),
    },
    {
      kind: 'password',
      name: 'secret',
      label: '签名密钥',
      autocomplete: 'new-password',
      maxLength: 200,
      hint: form.isNew ? '可留空，由系统生成并只显示一次' : '留空则不变；填写则更换',
    },
    { kind: 'select', name: 'active', label: '状态', default: '1', options: yesNo('启用', '停用') },
  ];
  return <CrudForm page={page} form={form} fields={fields} cancel="/admin/webhooks" />;
}

/** A subscriber just created, with its secret shown this once. */
export function SubscriberCreated({ s }: { s: Subscriber & { secret: string } }) {
  return (
    <>
      <h1>已新建订阅：{s.name}</h1>
      <Notice kind="success">已保存。请把下面的签名密钥交给对接方，它只显示这一次。</Notice>
      {/* A read-only field: it fits any width and copies whole. */}
      <p>
        <label for="webhook-secret">签名密钥</label>
        <input
          id="webhook-secret"
          type="text"
          readonly
          value={s.secret}
          autocomplete="off"
          spellcheck={false}
        />
      </p>
      <p>
        <a href={`/admin/webhooks/${s.id}`}>查看订阅和投递记录</a>
      </p>
    </>
  );
}

/** One subscriber and its delivery log. */
export function SubscriberPage({
  s,
  log,
  saved,
}: {
  s: Subscriber;
  log: { items: Delivery[]; total: number; page: number; pageSize: number };
  saved: boolean;
}) {
  return (
    <>
      <h1>{s.name}</h1>
      {saved && <Notice kind="success">已保存。</Notice>}
      <dl>
        <dt>接收地址</dt>
        <dd>{s.url}</dd>
        <dt>状态</dt>
        <dd>{s.active ? '启用' : '停用'}</dd>
        <dt>推送的事件</dt>
        <dd>{s.events.map((e) => WEBHOOK_EVENTS[e] ?? e).join('、')}</dd>
      </dl>
      <p class="actions">
        <a href={`/admin/webhooks/${s.id}/edit`}>修改订阅</a>
      </p>
      <DataTable
        caption={
          <>
            投递记录（共 {log.total} 条；失败后按 1、2、4…分钟间隔重试，最多 {MAX_ATTEMPTS} 次）
          </>
        }
        rows={log.items}
        columns={[
          { label: '编号', cell: (d) => d.id },
          { label: '事件', cell: (d) => d.eventType },
          { label: '产生时间', date: true, cell: (d) => beijingTime(d.createdAt) },
          { label: '状态', cell: (d) => STATUS_LABELS[d.status] },
          { label: '次数', cell: (d) => d.attempts },
          {
            label: '下次重试',
            date: true,
            cell: (d) => (d.nextAttemptAt ? beijingTime(d.nextAttemptAt) : '—'),
          },
          { label: '最后错误', cell: (d) => d.lastError ?? '—' },
        ]}
      />
      <Pagination
        page={log.page}
        pageSize={log.pageSize}
        total={log.total}
        baseUrl={`/admin/webhooks/${s.id}`}
      />
    </>
  );
}
