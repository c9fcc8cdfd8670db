import type { Kysely } from 'kysely';

/**
 * The 错敏词 list every installation starts with named the demo district in five suggestions and
 * in the note on local names. Rewrites those rows where staff have not changed them, so an office's
 * list names no other place (the list in modules/privacy/seed-rules.ts now says the same).
 */
const REWRITES: [string, string][] = [
  ['区税务局（国家税务总局南昌市红谷滩区税务局）', '区税务局（国家税务总局的区税务局）'],
  [
    '自然资源和规划部门（南昌市自然资源和规划局红谷滩分局）',
    '自然资源和规划部门（市自然资源和规划局的区分局）',
  ],
  ['生态环境部门（南昌市生态环境局红谷滩分局）', '生态环境部门（市生态环境局的区分局）'],
];
const OLD_NOTE = '2019年南昌市区级机构改革后的名称；指历史时写“原…”';
const NEW_NOTE = '2019年区级机构改革后的名称；指历史时写“原…”';

export async function up(db: Kysely<any>): Promise<void> {
  for (const [from, to] of REWRITES)
    await db.updateTable('expression_rules').set({ suggestion: to }).where('suggestion', '=', from).execute();
  await db.updateTable('expression_rules').set({ note: NEW_NOTE }).where('note', '=', OLD_NOTE).execute();
}
