/** Recall and precision of the scanner on a labelled corpus (span level, same kind, overlap). */
import { scanPersonalInfo, type Finding } from '../scanner.ts';
import type { LabelledCase } from './generate.ts';

export interface Evaluation {
  labelled: number;
  found: number;
  findings: number;
  truePositiveFindings: number;
  recall: number;
  precision: number;
  misses: { form: string; text: string; span: string; kind: string }[];
  falseAlarms: { form: string; text: string; finding: Finding }[];
  cases: { positives: number; negatives: number };
}

export function evaluate(positives: LabelledCase[], negatives: LabelledCase[]): Evaluation {
  let labelled = 0;
  let found = 0;
  let findings = 0;
  let tpf = 0;
  const misses: Evaluation['misses'] = [];
  const falseAlarms: Evaluation['falseAlarms'] = [];
  for (const c of [...positives, ...negatives]) {
    const fs = scanPersonalInfo(c.text);
    for (const s of c.spans) {
      labelled++;
      if (fs.some((f) => f.kind === s.kind && f.start < s.end && s.start < f.end)) found++;
      else misses.push({ form: c.form, text: c.text, span: c.text.slice(s.start, s.end), kind: s.kind });
    }
    for (const f of fs) {
      findings++;
      if (c.spans.some((s) => f.kind === s.kind && f.start < s.end && s.start < f.end)) tpf++;
      else falseAlarms.push({ form: c.form, text: c.text, finding: f });
    }
  }
  return {
    labelled,
    found,
    findings,
    truePositiveFindings: tpf,
    recall: labelled ? found / labelled : 1,
    precision: findings ? tpf / findings : 1,
    misses,
    falseAlarms,
    cases: { positives: positives.length, negatives: negatives.length },
  };
}
