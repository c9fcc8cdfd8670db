import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemActor } from '../../context.ts';
import type { CliContext } from '../registry.ts';
import { weekdayName } from './model.ts';
import { getCalendarYear, importCalendarFile } from './service.ts';
import { SOURCE_LABEL } from './views/calendar.tsx';

/** `gongkai calendar import FILE.json` and `gongkai calendar show YEAR`. */
export function calendarCli(program: Command, open: () => Promise<CliContext>): void {
  const cmd = program.command('calendar').description('工作日历（国务院放假通知）');
  cmd
    .command('import')
    .description(
      '导入放假通知：JSON 文件，内容为 {year, daysOff:[], workingWeekends:[], source} 或其数组；任何一处有误则不导入',
    )
    .argument('<file>', 'JSON 文件')
    .action(async (file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        console.error(`无法读取文件 ${file}：${(e as Error).message}`);
        process.exitCode = 2;
        return;
      }
      const { ctx, close } = await open();
      try {
        const { saved, warnings } = await importCalendarFile(ctx, systemActor('cli'), text);
        for (const n of saved)
          console.log(
            `已导入 ${n.year} 年：放假 ${n.daysOff.length} 天，调休上班 ${n.workingWeekends.length} 天（${n.source}）`,
          );
        for (const w of warnings) console.error(`警告：${w}`);
      } finally {
        await close();
      }
    });
  cmd
    .command('show')
    .description('显示某年的放假日期、调休上班日期和数据来源')
    .argument('<year>', '年份')
    .action(async (yearText: string) => {
      const { ctx, close } = await open();
      try {
        const v = await getCalendarYear(ctx, Number(yearText));
        console.log(`${v.year} 年工作日历${v.provisional ? '（预估）' : ''}`);
        console.log(
          `来源：${SOURCE_LABEL[v.source]}：${v.sourceText}${v.enteredBy ? `（${v.enteredBy} ${v.enteredAt} 录入）` : ''}`,
        );
        console.log(`放假（${v.daysOff.length} 天）：`);
        for (const d of v.daysOff) console.log(`  ${d} ${weekdayName(d)} ${v.names[d] ?? ''}`.trimEnd());
        console.log(`调休上班（${v.workingWeekends.length} 天）：`);
        for (const d of v.workingWeekends)
          console.log(`  ${d} ${weekdayName(d)} ${v.names[d] ?? ''}`.trimEnd());
      } finally {
        await close();
      }
    });
}
