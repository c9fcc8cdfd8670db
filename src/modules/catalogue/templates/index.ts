/**
 * Domain templates of the standard catalogue, as data. Real ones are typed from the published
 * guidelines and name their source; the rest are sample data and say so (`isSample`, empty source).
 * Typed by hand: check each row against the official text before relying on it (docs/modules/catalogue.md).
 */
import type { TemplateSet } from './row.ts';
import { SOCIAL_ASSISTANCE } from './social-assistance.ts';
import { ELDERLY_CARE } from './elderly-care.ts';
import { COMPULSORY_EDUCATION } from './compulsory-education.ts';
import { VILLAGE_AFFAIRS } from './village-affairs.ts';
import { SAMPLE_SETS } from './samples.ts';

export type { TemplateSet };

export const TEMPLATE_SETS: TemplateSet[] = [
  SOCIAL_ASSISTANCE,
  ELDERLY_CARE,
  COMPULSORY_EDUCATION,
  VILLAGE_AFFAIRS,
  ...SAMPLE_SETS,
];
