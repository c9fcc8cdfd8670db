/** `gongkai inquiry …`: set the answer limit; list unanswered inquiries by age. */
import type { Command } from 'commander';
import { systemActor } from '../../context.ts';
import type { CliContext } from '../registry.ts';
import { setAnswerWorkdays, unansweredByAge } from './service.ts';

export function inquiryCli(program: Command, open: () => Promise<CliContext>): void {
  const inquiry = program.command('inquiry').description('政策咨询');
  inquiry
    .command('set-limit <workdays>')
    .description('设置政策咨询答复时限（工作日，默认 5），只影响之后收到的咨询')
    .action(async (workdays: string) => {
      const { ctx, close } = await open();
      try {
        await setAnswerWorkdays(ctx, systemActor('cli'), Number(workdays));
        console.log(`答复时限已设为 ${Number(workdays)} 个工作日`);
      } finally {
        await close();
      }
    });
  inquiry
    .command('unanswered')
    .description('按收到时间列出未答复的有效咨询（超过 3 个月未答复属单项否决）')
    .action(async () => {
      const { ctx, close } = await open();
      try {
        const list = await unansweredByAge(ctx, systemActor('cli'));
        for (const a of list)
          console.log(
            `${a.inquiry.number}\t${a.inquiry.receivedDate}\t${a.ageDays} 天\t${a.levelLabel}\t${a.inquiry.title}`,
          );
        console.log(`共 ${list.length} 件未答复`);
      } finally {
        await close();
      }
    });
}
