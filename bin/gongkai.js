#!/usr/bin/env node
// `npx gongkai …`: runs src/cli.ts through tsx's loader (no build step).
import { register } from 'tsx/esm/api';
register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
