/** `gongkai token create`: an API token for a user, shown once. */
import type { Command } from 'commander';
import { systemActor } from '../../context.ts';
import type { CliContext } from '../registry.ts';
import { createApiToken } from './service.ts';

/** Adds the auth module's subcommands. */
export function authCli(program: Command, open: () => Promise<CliContext>): void {
  const token = program.command('token').description('API 令牌');
  token
    .command('create')
    .description('为用户创建 API 令牌（只显示一次）')
    .requiredOption('--user <username>', '用户名')
    .option('--name <name>', '令牌用途', 'integration')
    .action(async (opts: { user: string; name: string }) => {
      const { ctx, close } = await open();
      try {
        console.log(await createApiToken(ctx, systemActor('cli'), opts.user, opts.name));
      } finally {
        await close();
      }
    });
}
