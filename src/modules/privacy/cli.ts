/** `gongkai scan FILE`: the gate on a file (TXT, DOCX, XLSX, PDF), for staff and scripts. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { badRequest } from '../../errors.ts';
import type { CliContext } from '../registry.ts';
import { extractText } from './extract.ts';
import { gateWithRules, activeExpressionRules, type GateResult } from './service.ts';

/** Line and column (both from 1) of an offset, for people reading the report. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, col: offset - last };
}

/** Scans one file and formats the report lines; `blocking` decides the exit code. */
export async function scanFile(
  db: Kysely<DB>,
  path: string,
): Promise<{ lines: string[]; result: GateResult; chars: number }> {
  const name = basename(path);
  const buffer = await readFile(path).catch(() => {
    throw badRequest(`无法读取文件“${path}”：文件不存在或没有读取权限`);
  });
  const text = await extractText(buffer, name);
  const result = gateWithRules({ title: '', body: text }, await activeExpressionRules(db));
  const lines: string[] = [];
  for (const f of result.personal) {
    const { line, col } = lineCol(text, f.start);
    lines.push(`${name}:${line}:${col}\t个人信息\t${f.label}\t${f.masked}`);
  }
  for (const f of result.expressions) {
    const { line, col } = lineCol(text, f.start);
    lines.push(
      `${name}:${line}:${col}\t${f.severity === 'serious' ? '严重表述' : '表述提示'}\t${f.term} → ${f.suggestion}`,
    );
  }
  lines.push(
    `共 ${text.length} 字：个人信息 ${result.personal.length} 处，错敏词 ${result.expressions.length} 处（严重 ${result.expressions.filter((e) => e.severity === 'serious').length} 处）` +
      (result.blocking ? '。存在阻止发布的问题。' : '。未发现阻止发布的问题。'),
  );
  return { lines, result, chars: text.length };
}

export function privacyCli(program: Command, open: () => Promise<CliContext>): void {
  program
    .command('scan')
    .description('检查文件（TXT、DOCX、XLSX、PDF）中的个人信息和错敏词；存在阻止发布的问题时退出码为 1')
    .argument('<file>', '要检查的文件')
    .option('--json', '以 JSON 输出')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { ctx, close } = await open();
      try {
        const { lines, result } = await scanFile(ctx.db, file);
        if (opts.json) {
          // The original text of personal findings is left out: a report must not leak what it found.
          console.log(
            JSON.stringify({ ...result, personal: result.personal.map(({ text: _t, ...f }) => f) }, null, 2),
          );
        } else for (const l of lines) console.log(l);
        if (result.blocking) process.exitCode = 1;
      } finally {
        await close();
      }
    });
}
