/**
 * What a capability module contributes to the app: its routes (API, back office, portal), its
 * scheduled jobs, its back-office menu entries and its demo data. modules/index.ts lists them.
 */
import type { Command } from 'commander';
import type { FastifyPluginAsync } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { Actor, AppContext } from '../context.ts';
import type { AdminNavEntry } from '../web/plugin.ts';
import type { JobDefinition } from './jobs/service.ts';
import type { SearchDocumentInput } from './search/model.ts';

export interface GongkaiModule {
  name: string;
  routes?: FastifyPluginAsync;
  jobs?: JobDefinition[];
  adminNav?: AdminNavEntry[];
  /** Seeds the demo district; runs once per module (remembered in settings), in list order. */
  seedDemo?: (ctx: AppContext) => Promise<void>;
  /** A panel on the back-office home page for this actor, or null when it has nothing for them. */
  dashboard?: (ctx: AppContext, actor: Actor) => Promise<ComponentChildren | null>;
  /** Adds this module's `gongkai` subcommands; `open` gives a context on the configured database. */
  cli?: (program: Command, open: () => Promise<CliContext>) => void;
  /** Called after the working-day calendar changed (a year's notice entered): recompute what depends on it. */
  onCalendarChanged?: (ctx: AppContext, change: { years: number[]; reason: string }) => Promise<void>;
  /** Every published document this module puts in the search index (`gongkai search reindex` reads them all). */
  searchSources?: (ctx: AppContext) => AsyncIterable<SearchDocumentInput>;
}

/** What a CLI command works with: a context (system clock) and a way to close the database. */
export interface CliContext {
  ctx: AppContext;
  close(): Promise<void>;
}
