/** Orgs (机关): a tree — city government → district government → departments, 乡镇 and 街道 → villages. */

/** The org's kind as a legal body: it decides, among others, which body a 答复书 names for 行政复议. */
export const ORG_KINDS = {
  government: '人民政府',
  department: '工作部门',
  agency: '派出机关（街道办事处、管理处等）',
  township: '乡镇人民政府',
  vertical: '垂直管理机构',
  community: '村（社区）',
  other: '其他机构',
} as const;

export type OrgKind = keyof typeof ORG_KINDS;

/** 乡镇 and 街道 (and 管理处): the grassroots level that keeps a standard catalogue and its own ledger. */
export const isGrassroots = (kind: OrgKind): boolean => kind === 'township' || kind === 'agency';

/** Where and how the org receives 依申请公开 applications; empty strings = not entered. */
export interface FoiDesk {
  address: string;
  postcode: string;
  phone: string;
  fax: string;
  hours: string;
}

export interface Org {
  id: number;
  name: string;
  shortName: string;
  code: string;
  kind: OrgKind;
  parentId: number | null;
  aliases: string[];
  sortOrder: number;
  isSample: boolean;
  foiDesk: FoiDesk;
  /** Pattern of the org's letter 文号 ({year}, {seq}); empty = not set. */
  letterNumberPattern: string;
  /** 复议机关 the office names for this org; empty = derived from the tree (reviewBodyOf). */
  reviewBody: string;
}

/** Which orgs an actor may see: all of them, or a set (own org and its descendants). */
export type OrgScope = { all: true } | { all: false; orgIds: number[] };

export function inScope(scope: OrgScope, orgId: number): boolean {
  return scope.all || scope.orgIds.includes(orgId);
}

/** Ids of `rootId` and every org below it. */
export function descendantsOf(orgs: Pick<Org, 'id' | 'parentId'>[], rootId: number): number[] {
  const children = new Map<number, number[]>();
  for (const o of orgs) {
    if (o.parentId == null) continue;
    const list = children.get(o.parentId) ?? [];
    list.push(o.id);
    children.set(o.parentId, list);
  }
  const out: number[] = [];
  const stack = [rootId];
  const seen = new Set<number>();
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** True when making `parentId` the parent of `id` would create a cycle. */
export function wouldCycle(
  orgs: Pick<Org, 'id' | 'parentId'>[],
  id: number,
  parentId: number | null,
): boolean {
  return parentId != null && descendantsOf(orgs, id).includes(parentId);
}

/** Orgs in tree order (depth-first, by sort order then name) with their depth, for lists and selects. */
export function treeOrder<T extends Pick<Org, 'id' | 'parentId' | 'sortOrder' | 'name'>>(
  orgs: T[],
): { org: T; depth: number }[] {
  const byParent = new Map<number | null, T[]>();
  const ids = new Set(orgs.map((o) => o.id));
  for (const o of orgs) {
    const key = o.parentId != null && ids.has(o.parentId) ? o.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), o]);
  }
  const out: { org: T; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    const list = (byParent.get(parent) ?? []).sort(
      (a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh'),
    );
    for (const o of list) {
      out.push({ org: o, depth });
      walk(o.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Orgs as the options of a select, in tree order and indented by depth. */
export const orgOptions = <T extends Pick<Org, 'id' | 'parentId' | 'sortOrder' | 'name'>>(orgs: T[]) =>
  treeOrder(orgs).map(({ org, depth }) => ({ value: org.id, label: `${'　'.repeat(depth)}${org.name}` }));

/** The day the revised 行政复议法 (2023) took effect. */
export const REVIEW_LAW_2023_FROM = '2024-01-01';

/**
 * The one body a letter names for 行政复议 against a decision of `orgId` on `decidedOn`
 * (行政复议法 2023 第二十四条、第二十七条): a 工作部门 → 本级人民政府; a 人民政府 or 乡镇 → the
 * 上一级人民政府; a 派出机关 → the government that set it up; a 垂直管理 body → the
 * 上一级主管部门 the office names. Never the deciding body itself. A decision before 2024-01-01
 * keeps the former wording for a department (本级人民政府或上一级主管部门). `parentGovernment`
 * is the site's 上级人民政府, used when the tree has no government above.
 */
export function reviewBodyOf(
  orgs: Pick<Org, 'id' | 'name' | 'kind' | 'parentId' | 'reviewBody'>[],
  orgId: number,
  decidedOn: string,
  parentGovernment: string,
): string {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const org = byId.get(orgId);
  const above = parentGovernment.trim() || '上一级人民政府';
  if (!org) return above;
  if (org.reviewBody.trim()) return org.reviewBody.trim();
  if (org.kind === 'vertical') return '上一级主管部门';
  // The nearest government strictly above the org (a 乡镇人民政府 is a government too).
  let government: string | undefined;
  const seen = new Set<number>([org.id]);
  for (let p = org.parentId; p != null && !seen.has(p); p = byId.get(p)?.parentId ?? null) {
    seen.add(p);
    const o = byId.get(p);
    if (o && (o.kind === 'government' || o.kind === 'township')) {
      government = o.name;
      break;
    }
  }
  const body = government ?? above;
  const isDepartment = org.kind === 'department' || org.kind === 'other' || org.kind === 'community';
  return isDepartment && decidedOn < REVIEW_LAW_2023_FROM ? `${body}或上一级主管部门` : body;
}

/**
 * The government the site is the portal of: the first 人民政府 (tree order) that has 工作部门,
 * 派出机关 or 乡镇 under it — in a tree that starts at the city, the district, not the city.
 * Falls back to the first root; undefined for an empty tree.
 */
export function ownGovernment<T extends Pick<Org, 'id' | 'parentId' | 'kind' | 'sortOrder' | 'name'>>(
  orgs: T[],
): T | undefined {
  const ordered = treeOrder(orgs).map((x) => x.org);
  const runs = (o: T) =>
    orgs.some(
      (c) => c.parentId === o.id && (c.kind === 'department' || c.kind === 'agency' || c.kind === 'township'),
    );
  return ordered.find((o) => o.kind === 'government' && runs(o)) ?? ordered.find((o) => o.parentId == null);
}

/** An org as created or edited (back office, org table import, setup). */
export interface OrgInput {
  name: string;
  shortName: string;
  code: string;
  kind: OrgKind;
  parentId: number | null;
  aliases?: string[];
  sortOrder?: number;
  isSample?: boolean;
  /** 依申请公开 desk; omitted fields keep nothing (null). */
  foiDesk?: Partial<FoiDesk>;
  letterNumberPattern?: string;
  reviewBody?: string;
}
