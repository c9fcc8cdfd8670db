/** Orgs (机关): a tree — city government → district government → departments and 乡/街办/管理处 → villages. */

export const ORG_KINDS = {
  government: '人民政府',
  department: '政府部门',
  township: '乡、街办、管理处',
  community: '村（社区）',
  other: '其他机构',
} as const;

export type OrgKind = keyof typeof ORG_KINDS;

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
export function wouldCycle(orgs: Pick<Org, 'id' | 'parentId'>[], id: number, parentId: number | null): boolean {
  return parentId != null && descendantsOf(orgs, id).includes(parentId);
}

/** Orgs in tree order (depth-first, by sort order then name) with their depth, for lists and selects. */
export function treeOrder<T extends Pick<Org, 'id' | 'parentId' | 'sortOrder' | 'name'>>(orgs: T[]): { org: T; depth: number }[] {
  const byParent = new Map<number | null, T[]>();
  const ids = new Set(orgs.map((o) => o.id));
  for (const o of orgs) {
    const key = o.parentId != null && ids.has(o.parentId) ? o.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), o]);
  }
  const out: { org: T; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    const list = (byParent.get(parent) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh'));
    for (const o of list) {
      out.push({ org: o, depth });
      walk(o.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
