/** `gongkai search …`: rebuild the index from every module's sources; try a query from the shell. */
import type { Command } from 'commander';
import type { CliContext } from '../registry.ts';
import { parseSearchQuery } from './model.ts';
import { reindexAll, search } from './service.ts';

export function searchCli(program: Command, open: () => Promise<CliContext>): void {
  const cmd = program.command('search').description('站内搜索索引');
  cmd
    .command('reindex')
    .description('清空并重建搜索索引（从各模块已发布的内容）')
    .action(async () => {
      const { ctx, close } = await open();
      try {
        const started = Date.now();
        // The module list comes with the context (src/cli.ts sets it): importing modules/index.ts here
        // would be a cycle. Without it the rebuild would empty the index, so refuse instead.
        const n = await reindexAll(ctx, ctx.modules, (k) => console.log(`已索引 ${k} 条…`));
        console.log(`搜索索引已重建：共 ${n} 条，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
      } finally {
        await close();
      }
    });
  cmd
    .command('query')
    .description('在命令行中搜索，打印前 10 条结果')
    .argument('<words...>', '搜索词')
    .option('--sort <sort>', 'relevance 或 date', 'relevance')
    .action(async (words: string[], opts: { sort: string }) => {
      const { ctx, close } = await open();
      try {
        const r = await search(ctx.db, parseSearchQuery({ q: words.join(' '), sort: opts.sort }));
        console.log(
          `共 ${r.total} 条（分词：${r.terms.join(' / ') || '无'}${r.docNumber ? `；文号：${r.docNumber}` : ''}）`,
        );
        for (const h of r.hits)
          console.log(
            `${h.exact ? '★' : ' '} ${h.publishedOn} ${h.title}${h.docNumber ? ` ${h.docNumber}` : ''}  ${h.url}`,
          );
        for (const s of r.suggestions) console.log(`建议：${s.label}`);
      } finally {
        await close();
      }
    });
}
