/**
 * Search synonyms (issue 24): groups of words that mean the same to a citizen (低保 / 最低生活保障),
 * maintained by the openness office in the back office; a query word of a group also searches the
 * group's other words. Each word belongs to one group at most, so expansion never loops. Filled
 * with the common government abbreviations; edited afterwards in the back office.
 */
import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

/** The starting list (frozen here; the back office edits the table). */
const DEFAULTS: [string, string[]][] = [
  ['低保', ['最低生活保障']],
  ['医保', ['医疗保障', '医疗保险']],
  ['社保', ['社会保险']],
  ['公积金', ['住房公积金']],
  ['公租房', ['公共租赁住房']],
  ['廉租房', ['廉租住房']],
  ['放管服', ['简政放权']],
  ['一网通办', ['一网办']],
  ['双减', ['减轻学生作业负担']],
  ['高校毕业生', ['大学毕业生', '大学生']],
  ['个税', ['个人所得税']],
  ['房产证', ['不动产权证书']],
  ['新冠肺炎', ['新型冠状病毒肺炎']],
  ['退休金', ['养老金']],
];

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('search_synonyms'))
    .addColumn('term', 'text', (c) => c.notNull().unique())
    .addColumn('synonyms', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const at = '2026-12-06T16:00:00.000Z';
  await db
    .insertInto('search_synonyms')
    .values(
      DEFAULTS.map(([term, synonyms]) => ({
        term,
        synonyms: JSON.stringify(synonyms),
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
}
