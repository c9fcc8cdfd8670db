/**
 * The site identity's use cases live in service.ts (the module's shape, issue 17); this name stays
 * for the modules that import it from here.
 */
export {
  DEFAULT_SITE,
  getSiteInfo,
  saveSiteInfo,
  SITE_FIELDS,
  SITE_LEVELS,
  siteProblems,
  type SiteField,
} from './service.ts';
