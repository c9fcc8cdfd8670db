/**
 * Gate throughput: scanPersonalInfo + checkExpressions (the seeded 错敏词 list) on a 1 MB document
 * made of the labelled corpus's sentences (personal data, look-alikes and expressions mixed), in
 * characters per second. Also the scanner and the expression check alone, and a plain-prose
 * document with almost nothing to find.
 */
import { performance } from 'node:perf_hooks';
import { buildCorpus } from '../src/modules/privacy/corpus/index.ts';
import { checkExpressions } from '../src/modules/privacy/expressions.ts';
import { scanPersonalInfo } from '../src/modules/privacy/scanner.ts';
import { SEED_EXPRESSION_RULES } from '../src/modules/privacy/seed-rules.ts';

const TARGET_BYTES = 1024 * 1024;

function buildDocument(kind: 'mixed' | 'prose'): string {
  const { positives, negatives } = buildCorpus();
  const prose =
    '为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，进一步提升政务公开质量和实效，结合我区实际，制定本要点。各部门要围绕中心工作，加强政策解读，回应社会关切，' +
    '经国家工商总局批准的事项，截止目前已完成整改，区工商局和区卫计委的职责已调整。';
  const sentences =
    kind === 'mixed' ? [...positives, ...negatives].map((c) => c.text).concat(prose) : [prose];
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < TARGET_BYTES; i++) {
    const s = sentences[i % sentences.length] + '\n';
    parts.push(s);
    bytes += Buffer.byteLength(s);
  }
  return parts.join('');
}

function time(label: string, text: string, fn: () => number, rounds = 7): void {
  for (let i = 0; i < 3; i++) fn(); // warm-up (JIT, caches)
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    found = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const cps = text.length / (median / 1000);
  console.log(
    `${label.padEnd(34)} ${median.toFixed(0).padStart(6)} ms  ${Math.round(cps).toLocaleString('en-US').padStart(12)} 字/s  （发现 ${found} 处）`,
  );
}

export default async function () {
  for (const kind of ['mixed', 'prose'] as const) {
    const doc = buildDocument(kind);
    console.log(
      `\n${kind === 'mixed' ? '混合语料文档' : '普通公文文档'}：${doc.length.toLocaleString('en-US')} 字，${(Buffer.byteLength(doc) / 1024 / 1024).toFixed(2)} MB（UTF-8），错敏词 ${SEED_EXPRESSION_RULES.length} 条`,
    );
    time('  scanPersonalInfo', doc, () => scanPersonalInfo(doc).length);
    time('  checkExpressions', doc, () => checkExpressions(doc, SEED_EXPRESSION_RULES).length);
    time(
      'gate（个人信息 + 错敏词）',
      doc,
      () => scanPersonalInfo(doc).length + checkExpressions(doc, SEED_EXPRESSION_RULES).length,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await (await import(import.meta.url)).default();
