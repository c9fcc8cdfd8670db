/**
 * Personal data at rest: microseconds per field value sealed, opened and indexed (src/lib/datakeys.ts),
 * with a registered key — what a list of applications, an export or a key rotation pays per field.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { blindIndex, DATA_ALGO, open, registerKeyring, seal } from '../src/lib/datakeys.ts';

const N = 100_000;

function perOp(label: string, op: (i: number) => unknown): void {
  for (let i = 0; i < 1000; i++) op(i); // warm-up
  const started = performance.now();
  for (let i = 0; i < N; i++) op(i);
  console.log(`${label}: ${(((performance.now() - started) * 1000) / N).toFixed(1)} µs per value`);
}

export default async function run(): Promise<void> {
  const key = { id: 'bench', secret: randomBytes(32) };
  registerKeyring({ current: key, keys: [key], source: 'env' });
  const phones = Array.from({ length: 1000 }, (_, i) => `1380791${String(i).padStart(4, '0')}`);
  const sealed = phones.map((p) => seal(p));
  console.log(`${DATA_ALGO}, ${N} values each`);
  perOp('seal', (i) => seal(phones[i % phones.length]));
  perOp('open', (i) => open(sealed[i % sealed.length]));
  perOp('blind index', (i) => blindIndex(phones[i % phones.length]));
}
