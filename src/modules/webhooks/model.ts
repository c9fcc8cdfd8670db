/**
 * Webhooks, the pure part: the event types an integrator can subscribe to, how an audited change
 * becomes an event, the signature, the retry schedule and which target URLs are allowed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Event type → what it means (Chinese, for the back office and the documentation). */
export const WEBHOOK_EVENTS = {
  'foi.application.registered': '依申请公开：登记申请（含网上提交）',
  'foi.application.confirmed': '依申请公开：确认收到申请',
  'foi.application.correction_requested': '依申请公开：告知补正',
  'foi.application.correction_received': '依申请公开：收到补正',
  'foi.application.extended': '依申请公开：延长答复期限',
  'foi.application.closed': '依申请公开：办结',
  'foi.application.updated': '依申请公开：其他办理事项（分办、转办、征求意见、收费等）',
  'content.item.published': '主动公开：信息发布',
  'content.item.withdrawn': '主动公开：信息撤回',
} as const;
export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** What an audited change is about, when it is an event integrators hear of; null otherwise. */
export function eventOfAudit(
  action: string,
  objectType: string,
): { type: WebhookEventType; subject: 'foi' | 'content' } | null {
  if (objectType === 'foi_application') {
    if (action === 'foi.application.create') return { type: 'foi.application.registered', subject: 'foi' };
    if (action === 'foi.application.confirm') return { type: 'foi.application.confirmed', subject: 'foi' };
    const m = /^foi\.event\.(\w+)$/.exec(action);
    if (!m) return null;
    const named: Record<string, WebhookEventType> = {
      correction_requested: 'foi.application.correction_requested',
      correction_received: 'foi.application.correction_received',
      extension: 'foi.application.extended',
      closed: 'foi.application.closed',
    };
    // A note changes nothing an integrator tracks.
    if (m[1] === 'note') return null;
    return { type: named[m[1]] ?? 'foi.application.updated', subject: 'foi' };
  }
  if (objectType === 'content_item') {
    if (action === 'content.item.publish' || action === 'content.item.release')
      return { type: 'content.item.published', subject: 'content' };
    if (action === 'content.item.withdraw') return { type: 'content.item.withdrawn', subject: 'content' };
  }
  return null;
}

/** Attempts before a delivery is given up as failed (1 + 7 retries, about two hours from the first). */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_SECONDS = 60;
const LONGEST_WAIT_SECONDS = 6 * 3600;

/** Seconds to wait after the `attempts`-th failed attempt: 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1), LONGEST_WAIT_SECONDS);
}

export const SIGNATURE_HEADER = 'gongkai-signature';

/**
 * `Gongkai-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. The timestamp is
 * inside the MAC, so a receiver that refuses old timestamps (say 5 minutes) refuses replays too.
 */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** What a receiver does (and the tests do): true when the header signs this body with this secret. */
export function verifySignature(secret: string, body: string, header: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  if (!/^\d+$/.test(parts.t ?? '') || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false;
  const want = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  return timingSafeEqual(want, Buffer.from(parts.v1, 'hex'));
}

/**
 * Addresses a subscriber may not point at unless WEBHOOK_ALLOW_PRIVATE=1 (server-side request
 * forgery: the server would otherwise POST into its own network): loopback, private (RFC 1918,
 * fc00::/7), link-local (incl. cloud metadata 169.254.169.254), unspecified, CGNAT, multicast.
 */
export function isPrivateAddress(ip: string): boolean {
  const v = isIP(ip);
  if (v === 4) {
    const [a, b] = ip.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  if (v === 6) {
    const x = ip.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(x);
    if (mapped) return isPrivateAddress(mapped[1]);
    return x === '::' || x === '::1' || /^f[cd]/.test(x) || /^fe[89ab]/.test(x) || x.startsWith('ff');
  }
  return false;
}

/** Problems with a subscriber URL as typed (scheme, form, credentials); '' when it is acceptable. */
export function urlProblem(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return '地址格式不正确，应为 http:// 或 https:// 开头的完整网址';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return '只能使用 http 或 https 地址';
  if (u.username || u.password) return '地址中不能含用户名或密码，请用签名密钥验证来源';
  if (!u.hostname) return '地址缺少主机名';
  if (raw.length > 500) return '地址过长（最多 500 个字符）';
  return '';
}

/** The JSON body of one event (also what is signed). */
export function eventBody(
  id: string,
  type: WebhookEventType,
  createdAt: string,
  data: Record<string, unknown>,
): string {
  return JSON.stringify({ id, type, createdAt, data });
}
