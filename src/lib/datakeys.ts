/**
 * Personal data at rest: field-level encryption with a key from configuration, a key id in every
 * value (rotation), and a keyed hash for the equality lookups that must still work.
 *
 * - SM4-CTR + HMAC-SM3, encrypt-then-MAC (GB/T 32907 / GB/T 32905), where Node's OpenSSL has SM4 and
 *   SM3; AES-256-GCM otherwise. The algorithm is named in each value, so a value written on one
 *   runtime is read on another that has the same cipher.
 * - A value is `enc1.<key id>.<alg>.<iv>.<ciphertext>.<tag>` (base64url); '' stays '' (nothing to hide).
 * - Keys: `GONGKAI_DATA_KEY=id:base64(32 bytes)[,id:base64…]`, the first one current; the others
 *   still decrypt older values until `gongkai keys rotate` has re-encrypted them.
 *
 * The keys are registered here by id when a context is built (buildApp, the CLI): a value names its
 * key, so any registered key decrypts it; new values use the current key of the last configuration.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  getCiphers,
  getHashes,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

export interface DataKey {
  id: string;
  /** 32 random bytes. */
  secret: Buffer;
}

export interface Keyring {
  current: DataKey;
  keys: DataKey[];
  /** Where the keys came from: the environment, or a generated file in DATA_DIR (demo, development). */
  source: 'env' | 'file';
}

export const SM4_AVAILABLE = getCiphers().includes('sm4-ctr') && getHashes().includes('sm3');
export const DATA_ALGO: 'sm4ctr-sm3' | 'aes256gcm' = SM4_AVAILABLE ? 'sm4ctr-sm3' : 'aes256gcm';
const INDEX_HASH = getHashes().includes('sm3') ? 'sm3' : 'sha256';

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');
/**
 * A key's subkey for one use (HKDF-SHA-256, `info` naming the use), derived once per key and kept
 * beside it: an HKDF costs about 20 µs, and every value sealed or opened needs one or two (a list of
 * a hundred applications opens some three hundred values).
 */
const derived = new WeakMap<DataKey, Map<string, Buffer>>();
function derive(k: DataKey, info: string, len: number): Buffer {
  let uses = derived.get(k);
  if (!uses) derived.set(k, (uses = new Map()));
  const use = `${info}/${len}`;
  const kept = uses.get(use);
  if (kept) return kept;
  const subkey = Buffer.from(hkdfSync('sha256', k.secret, Buffer.alloc(0), `gongkai ${info}`, len));
  uses.set(use, subkey);
  return subkey;
}

/** Parses `id:base64,id:base64`; throws on anything malformed (config reports it). */
export function parseKeys(spec: string): DataKey[] {
  const keys = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^([A-Za-z0-9_-]{1,16}):([A-Za-z0-9+/=_-]+)$/.exec(part);
      if (!m) throw new Error('密钥格式应为 编号:base64（32 字节）');
      const secret = Buffer.from(m[2], 'base64');
      if (secret.length !== 32) throw new Error(`密钥 ${m[1]} 不是 32 字节`);
      return { id: m[1], secret };
    });
  if (keys.length === 0) throw new Error('没有密钥');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('密钥编号重复');
  return keys;
}

export const formatKeys = (keys: DataKey[]) =>
  keys.map((k) => `${k.id}:${k.secret.toString('base64')}`).join(',');
export const newDataKey = (existing: DataKey[] = []): DataKey => {
  let n = existing.length + 1;
  while (existing.some((k) => k.id === `k${n}`)) n++;
  return { id: `k${n}`, secret: randomBytes(32) };
};

// Every key configured in this process, by id (see the header comment), and the current one.
const registered = new Map<string, DataKey>();
let currentKey: DataKey | null = null;

export function registerKeyring(ring: Keyring): void {
  for (const k of ring.keys) registered.set(k.id, k);
  currentKey = ring.current;
}

function current(): DataKey {
  if (!currentKey) throw new Error('personal-data key not configured');
  return currentKey;
}

/** Id of the key new values are sealed under (stored beside values whose text cannot name it). */
export const currentKeyId = () => current().id;

export const isEncrypted = (v: string) => v.startsWith('enc1.');

/** Encrypts one field value with the current key ('' stays ''). */
export function seal(plain: string, key: DataKey = current()): string {
  if (plain === '') return '';
  const iv = randomBytes(16);
  const data = Buffer.from(plain, 'utf8');
  if (DATA_ALGO === 'sm4ctr-sm3') {
    const c = createCipheriv('sm4-ctr', derive(key, 'sm4', 16), iv);
    const ct = Buffer.concat([c.update(data), c.final()]);
    const head = `enc1.${key.id}.sm4ctr-sm3.${b64(iv)}.${b64(ct)}`;
    const tag = createHmac('sm3', derive(key, 'mac', 32))
      .update(head)
      .digest();
    return `${head}.${b64(tag)}`;
  }
  const gcmIv = iv.subarray(0, 12);
  const c = createCipheriv('aes-256-gcm', derive(key, 'aes', 32), gcmIv);
  c.setAAD(Buffer.from(key.id));
  const ct = Buffer.concat([c.update(data), c.final()]);
  return `enc1.${key.id}.aes256gcm.${b64(gcmIv)}.${b64(ct)}.${b64(c.getAuthTag())}`;
}

/** Decrypts a value written by `seal`; a plain (not yet converted) value is returned as it is. */
export function open(value: string): string {
  if (!isEncrypted(value)) return value;
  const [, keyId, algo, ivS, ctS, tagS] = value.split('.');
  const key = registered.get(keyId);
  if (!key) throw new Error(`personal-data key ${keyId} is not configured`);
  if (algo === 'sm4ctr-sm3') {
    const head = value.slice(0, value.lastIndexOf('.'));
    const tag = createHmac('sm3', derive(key, 'mac', 32))
      .update(head)
      .digest();
    const given = unb64(tagS);
    if (given.length !== tag.length || !timingSafeEqual(given, tag))
      throw new Error('personal-data value fails its MAC');
    const d = createDecipheriv('sm4-ctr', derive(key, 'sm4', 16), unb64(ivS));
    return Buffer.concat([d.update(unb64(ctS)), d.final()]).toString('utf8');
  }
  if (algo === 'aes256gcm') {
    const d = createDecipheriv('aes-256-gcm', derive(key, 'aes', 32), unb64(ivS));
    d.setAAD(Buffer.from(keyId));
    d.setAuthTag(unb64(tagS));
    return Buffer.concat([d.update(unb64(ctS)), d.final()]).toString('utf8');
  }
  throw new Error(`unknown personal-data algorithm ${algo}`);
}

/** Keyed hash for equality lookups (HMAC-SM3 or HMAC-SHA-256 under a key derived from the current key). */
export function blindIndex(plain: string, key: DataKey = current()): string {
  return (
    `h.${key.id}.` +
    createHmac(INDEX_HASH, derive(key, 'index', 32))
      .update(plain, 'utf8')
      .digest('hex')
  );
}

/** Whether a value is sealed (or indexed) under the current key: rotation skips those. */
export const underCurrentKey = (v: string) => v === '' || v.split('.')[1] === current().id;

/**
 * Masks for display: keeps a few characters at each end (ID 110***********1234 style). A contact
 * is a phone number or an e-mail address (first character and the domain kept: z***@example.cn).
 */
export function mask(v: string, kind: 'id' | 'phone' | 'address' | 'contact'): string {
  if (!v) return v;
  const chars = [...v];
  if (kind === 'contact') {
    const at = v.lastIndexOf('@');
    if (at > 0) return chars[0] + '***' + v.slice(at);
  }
  if (kind === 'address') return chars.slice(0, Math.min(6, Math.ceil(chars.length / 3))).join('') + '****';
  const keepHead = kind === 'id' ? 3 : 3;
  const keepTail = 4;
  if (chars.length <= keepHead + keepTail) return '*'.repeat(chars.length);
  return (
    chars.slice(0, keepHead).join('') +
    '*'.repeat(chars.length - keepHead - keepTail) +
    chars.slice(-keepTail).join('')
  );
}
