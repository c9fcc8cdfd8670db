/**
 * Reads a 工作要点 as the seed gives it: the plan text, then its 任务台账 flattened into running text
 * (序号 目标任务 任务内容 责任单位 工作时限, cells separated by spaces, group headings inline, 目标任务
 * sometimes split by a space, sometimes omitted on continuation rows). Pure: text in, structure and
 * problems out. `resolveUnits` maps the 责任单位 names onto the org tree.
 */
import { descendantsOf, isGrassroots, type Org } from '../org/model.ts';
import { findOrgByName } from '../org/service.ts';
import { tryParseDeadline, type Deadline } from './deadline.ts';

export interface SourceDocument {
  title: string;
  docNumber: string;
}

export interface PlanPoint {
  number: number;
  title: string;
  text: string;
}

export interface PlanSubsection {
  number: string;
  title: string;
  text: string;
  points: PlanPoint[];
}

export interface PlanSection {
  number: string;
  title: string;
  text: string;
  subsections: PlanSubsection[];
}

export interface ParsedTask {
  number: number;
  groupNumber: string;
  group: string;
  target: string;
  content: string;
  /** 责任单位 as written, joined back (for the exported ledger). */
  unitsText: string;
  /** 责任单位 split into names; collective terms (各乡、街办、管理处) kept whole. */
  unitNames: string[];
  deadlineText: string;
  deadline: Deadline | null;
}

export interface ParsedPlan {
  title: string;
  year: number | null;
  sourceDocuments: SourceDocument[];
  sections: PlanSection[];
  ledgerTitle: string | null;
  tasks: ParsedTask[];
  /** What could not be read, in Chinese; an importer refuses the plan when this is not empty. */
  problems: string[];
}

/** Collective 责任单位 terms that contain a separator and must not be split. */
const PROTECTED = ['各乡、街办、管理处', '各乡(镇)、街道', '各乡镇、街道'];
const PUNCT = /[。，,、；;：:“”"《》()（）〔〕]/;
const CN_NUM = '一二三四五六七八九十';

/** Splits a 责任单位 cell on 、，, keeping collective terms such as 各乡、街办、管理处 whole. */
export function splitUnitNames(cell: string): string[] {
  let s = cell.trim();
  const kept: string[] = [];
  for (const p of PROTECTED) {
    while (s.includes(p)) {
      s = s.replace(p, `\u0000${kept.length}\u0000`);
      kept.push(p);
    }
  }
  return s
    .split(/[、，,；;]/)
    .map((x) => x.replace(/\u0000(\d+)\u0000/g, (_, i) => kept[Number(i)]).trim())
    .filter(Boolean);
}

function parseSourceDocuments(preamble: string): SourceDocument[] {
  const out: SourceDocument[] = [];
  const re = /《([^》]+)》\s*[(（]([^()（）]*?〔\d{4}〕\d+号)[)）]/g;
  for (const m of preamble.matchAll(re)) out.push({ title: m[1], docNumber: m[2] });
  return out;
}

function parseSections(body: string): PlanSection[] {
  const heads = [...body.matchAll(new RegExp(`(?:^|\\s)([${CN_NUM}]+)、(\\S+?)(?=\\s)`, 'g'))];
  const sections: PlanSection[] = [];
  heads.forEach((h, i) => {
    const start = h.index! + h[0].length;
    const end = i + 1 < heads.length ? heads[i + 1].index! : body.length;
    const chunk = body.slice(start, end).trim();
    const subHeads = [...chunk.matchAll(new RegExp(`[(（]([${CN_NUM}]+)[)）]([^\\s。]+)(。)?`, 'g'))].filter(
      (m) => m.index === 0 || /\s/.test(chunk[m.index! - 1]),
    );
    const subsections: PlanSubsection[] = subHeads.map((s, j) => {
      const sStart = s.index! + s[0].length;
      const sEnd = j + 1 < subHeads.length ? subHeads[j + 1].index! : chunk.length;
      const sChunk = chunk.slice(sStart, sEnd).trim();
      const pointHeads = [...sChunk.matchAll(/(?:^|\s)(\d{1,2})、([^。\s]+)。/g)];
      const points = pointHeads.map((p, k) => ({
        number: Number(p[1]),
        title: p[2],
        text: sChunk
          .slice(p.index! + p[0].length, k + 1 < pointHeads.length ? pointHeads[k + 1].index! : sChunk.length)
          .trim(),
      }));
      return {
        number: `（${s[1]}）`,
        title: s[2],
        text: (pointHeads.length ? sChunk.slice(0, pointHeads[0].index!) : sChunk).trim(),
        points,
      };
    });
    sections.push({
      number: h[1],
      title: h[2],
      text: (subHeads.length ? chunk.slice(0, subHeads[0].index!) : chunk).trim(),
      subsections,
    });
  });
  return sections;
}

const GROUP_RE = new RegExp(`^[(（]([${CN_NUM}]+)[)）](.+)$`);

/** Reads the flattened 任务台账 that follows its header row. */
function parseLedger(text: string, year: number | null, problems: string[]): ParsedTask[] {
  const tokens = text.split(/\s+/).filter(Boolean);
  const tasks: ParsedTask[] = [];
  let group = '';
  let groupNumber = '';
  let target = '';
  let i = 0;
  while (i < tokens.length) {
    const tok = tokens[i];
    const g = GROUP_RE.exec(tok);
    if (g) {
      groupNumber = `（${g[1]}）`;
      group = g[2];
      target = '';
      i++;
      continue;
    }
    const expected = (tasks.at(-1)?.number ?? 0) + 1;
    if (!/^\d{1,3}$/.test(tok)) {
      problems.push(
        `台账第 ${expected} 项附近出现无法识别的内容“${tok.slice(0, 30)}”（应为序号 ${expected}）`,
      );
      i++;
      continue;
    }
    const number = Number(tok);
    if (number !== expected) problems.push(`台账序号不连续：应为序号 ${expected}，实为 ${number}`);
    // The row runs to the next 序号 (a bare number) or group heading.
    let j = i + 1;
    while (j < tokens.length && !/^\d{1,3}$/.test(tokens[j]) && !GROUP_RE.test(tokens[j])) j++;
    const cells = tokens.slice(i + 1, j);
    i = j;
    // 工作时限: the shortest tail of the row that reads as a deadline ("…完成, 并持续推进" may be split).
    let deadlineText = '';
    let deadline: Deadline | null = null;
    let cut = cells.length;
    for (let k = cells.length - 1; k >= Math.max(0, cells.length - 3); k--) {
      const candidate = cells.slice(k).join('');
      const r = tryParseDeadline(candidate, { planYear: year ?? undefined });
      if (r.ok) {
        deadlineText = candidate;
        deadline = r.deadline;
        cut = k;
        break;
      }
    }
    if (!deadline) {
      deadlineText = cells[cells.length - 1] ?? '';
      cut = cells.length - 1;
      const r = tryParseDeadline(deadlineText, { planYear: year ?? undefined });
      problems.push(`台账第 ${number} 项的工作时限“${deadlineText}”无法识别：${r.ok ? '' : r.reason}`);
    }
    const rest = cells.slice(0, cut);
    if (rest.length < 2) {
      problems.push(`台账第 ${number} 项缺少任务内容或责任单位`);
      continue;
    }
    const unitsText = rest[rest.length - 1];
    const before = rest.slice(0, -1);
    // 目标任务: the leading cells without punctuation (a short phrase, possibly split by spaces).
    let t = 0;
    while (t < before.length - 1 && !PUNCT.test(before[t]) && before[t].length <= 20) t++;
    const targetParts = before.slice(0, t);
    if (targetParts.length) target = targetParts.join('');
    if (!target) problems.push(`台账第 ${number} 项没有目标任务，也无法沿用上一项`);
    tasks.push({
      number,
      groupNumber,
      group,
      target,
      content: before.slice(t).join(''),
      unitsText,
      unitNames: splitUnitNames(unitsText),
      deadlineText,
      deadline,
    });
  }
  return tasks;
}

/** Parses a 工作要点 with its flattened 任务台账. Never throws on odd text: see `problems`. */
export function parseWorkPlan(text: string): ParsedPlan {
  const problems: string[] = [];
  const clean = text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const lines = clean.split('\n');
  const title = (lines.find((l) => l.trim()) ?? '').trim();
  const yearMatch = /(\d{4})年/.exec(title);
  const year = yearMatch ? Number(yearMatch[1]) : null;
  if (!title) problems.push('文本为空，没有标题');
  const rest = lines.slice(lines.findIndex((l) => l.trim()) + 1).join(' ');
  const ledgerHead = /(\S*任务台账)\s+序号\s+目标任务\s+任务内容\s+责任单位\s+工作时限/.exec(rest);
  const body = ledgerHead ? rest.slice(0, ledgerHead.index) : rest;
  const firstSection = new RegExp(`(?:^|\\s)[${CN_NUM}]、`).exec(body);
  const preamble = firstSection ? body.slice(0, firstSection.index) : body;
  const tasks = ledgerHead
    ? parseLedger(rest.slice(ledgerHead.index + ledgerHead[0].length), year, problems)
    : [];
  if (!ledgerHead) problems.push('没有找到任务台账（应有“序号 目标任务 任务内容 责任单位 工作时限”表头）');
  return {
    title,
    year,
    sourceDocuments: parseSourceDocuments(preamble),
    sections: parseSections(firstSection ? body.slice(firstSection.index) : ''),
    ledgerTitle: ledgerHead ? ledgerHead[1] : null,
    tasks,
    problems,
  };
}

/** How one 责任单位 name was understood. */
export interface ResolvedUnit {
  name: string;
  kind: 'named' | 'collective' | 'note' | 'unknown';
  orgIds: number[];
  /** e.g. 等有关部门 — what a suffix added, kept as a note. */
  note?: string;
}

export interface UnitResolution {
  orgIds: number[];
  units: ResolvedUnit[];
  /** Collective wording that names no org exactly (其他具备条件的区政府有关部门, 等…成员单位). */
  notes: string[];
  unknown: string[];
}

/** Collective terms → the kind of org they expand to under the district. */
export const COLLECTIVE_TERMS: Record<string, 'department' | 'township'> = {
  区政府各部门: 'department',
  各部门: 'department',
  '各乡、街办、管理处': 'township',
  '各乡(镇)、街道': 'township',
  '各乡镇、街道': 'township',
};

/** Wording that names a group of units without saying which: recorded as a note, never guessed. */
const NOTE_TERMS = /^(?:其他|其它)?.*(?:有关部门|相关部门|成员单位|有关单位|相关单位)$/;

/**
 * Resolves 责任单位 names to orgs: short names and aliases (findOrgByName); 区政府各部门 → every
 * department under the district, 各乡、街办、管理处 → every township; "X等有关部门" / "X等…成员单位"
 * → X plus a note; "其他具备条件的区政府有关部门" → a note. Unknown names are returned, never dropped.
 */
export function resolveUnits(names: string[], orgs: Org[], districtId?: number): UnitResolution {
  const under = districtId != null ? new Set(descendantsOf(orgs, districtId)) : null;
  const inDistrict = orgs.filter((o) => !under || under.has(o.id));
  const orgIds: number[] = [];
  const add = (ids: number[]) => {
    for (const id of ids) if (!orgIds.includes(id)) orgIds.push(id);
  };
  const units: ResolvedUnit[] = [];
  const notes: string[] = [];
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim().replace(/（/g, '(').replace(/）/g, ')');
    const collective = COLLECTIVE_TERMS[name];
    if (collective) {
      const ids = inDistrict
        .filter((o) => (collective === 'township' ? isGrassroots(o.kind) : o.kind === collective))
        .map((o) => o.id);
      add(ids);
      units.push({ name: raw, kind: 'collective', orgIds: ids });
      continue;
    }
    const etc = /^(.+?)等(.+)$/.exec(name);
    const named = etc ? etc[1] : name;
    const note = etc ? `等${etc[2]}` : undefined;
    const org = findOrgByName(inDistrict, named) ?? findOrgByName(inDistrict, raw.trim());
    if (org) {
      add([org.id]);
      units.push({ name: raw, kind: 'named', orgIds: [org.id], note });
      if (note) notes.push(`${named}${note}`);
    } else if (NOTE_TERMS.test(name)) {
      units.push({ name: raw, kind: 'note', orgIds: [] });
      notes.push(raw);
    } else {
      units.push({ name: raw, kind: 'unknown', orgIds: [] });
      unknown.push(raw);
    }
  }
  return { orgIds, units, notes, unknown };
}
