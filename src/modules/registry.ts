/**
 * What a capability module contributes to the app: its routes (API, back office, portal), its
 * scheduled jobs, its back-office menu entries and its demo data. modules/index.ts lists them.
 */
import type { Command } from 'commander';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { ComponentChildren } from 'preact';
import type { Actor, AppContext } from '../context.ts';
import type { DB } from '../db/types.ts';
import type { AdminNavEntry } from '../web/plugin.ts';
import type { JobDefinition } from './jobs/model.ts';
import type { SearchDocumentInput } from './search/model.ts';
import { registerKeyring } from '../lib/datakeys.ts';

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
  /**
   * Seals this module's personal data at rest under the current key (lib/datakeys.ts): converts rows
   * still in plain text, re-encrypts rows under an older key (`gongkai keys rotate`). Returns rows changed.
   */
  sealPersonalData?: (ctx: AppContext) => Promise<number>;
  /**
   * Called by the content module in the publish / withdraw transaction (`trx`) when an item's
   * publication changed, so other modules react without content importing them (the standard
   * catalogues credit their entries).
   */
  onItemPublicationChanged?: (trx: Kysely<DB>, item: PublishedItemNotice, at: Date) => Promise<void>;
}

/** What the content module tells other modules about an item whose publication state changed. */
export interface PublishedItemNotice {
  itemId: number;
  orgId: number;
  kind: string;
  title: string;
  status: string;
  columnIds: number[];
  formationDate: string | null;
  /** Shanghai date of publication (null when not published). */
  publishedOn: string | null;
}

/** At start (server and CLI): registers the data keys and seals whatever is not yet under the current key. */
export async function preparePersonalData(ctx: AppContext, modules: GongkaiModule[]): Promise<number> {
  registerKeyring(ctx.config.dataKeys);
  if (ctx.config.dataKeys.source === 'file') {
    ctx.log.warn(
      { file: 'DATA_DIR/data-keys' },
      '个人信息加密密钥取自数据目录中自动生成的文件（仅适用于演示和开发）；正式使用请设置 GONGKAI_DATA_KEY 并妥善保管',
    );
  }
  let n = 0;
  for (const m of modules) if (m.sealPersonalData) n += await m.sealPersonalData(ctx);
  return n;
}

/** What a CLI command works with: a context (system clock) and a way to close the database. */
export interface CliContext {
  ctx: AppContext;
  /**
   * The whole app on the same configuration and database, without the demo and without a port, for a
   * command that needs the routes (the self-inspection's in-process crawl); the caller closes it.
   */
  buildApp(): Promise<FastifyInstance>;
  close(): Promise<void>;
}
