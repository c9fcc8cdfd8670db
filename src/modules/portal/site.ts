/** The site's identity and footer facts (rules.md §9), kept in settings and edited by the sysadmin. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { SiteInfo } from '../../web/page.ts';

export const DEFAULT_SITE: SiteInfo = {
  name: '红谷滩区人民政府',
  sponsor: '南昌市红谷滩区人民政府办公室',
  contact: '0791-00000000（演示）',
  siteCode: '3601000000',
  icp: '赣ICP备00000000号',
  psb: '赣公网安备 36010000000000号',
  parentGovernment: '南昌市人民政府',
  sample: true,
};

export async function getSiteInfo(db: Kysely<DB>): Promise<SiteInfo> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'site').executeTakeFirst();
  return row ? { ...DEFAULT_SITE, ...JSON.parse(row.value) } : DEFAULT_SITE;
}
