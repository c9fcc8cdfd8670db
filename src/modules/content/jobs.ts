/** Scheduled publishing (定时发布) as a job: every minute, publish scheduled items that are due. */
import type { JobDefinition } from '../jobs/service.ts';
import { releaseDueItems } from './service/workflow.ts';

export const scheduledPublishJob: JobDefinition = {
  name: 'content.scheduled-publish',
  label: '定时发布',
  intervalSeconds: 60,
  async run(ctx, now) {
    // Throws when an item could not be published (gate findings): the run is recorded as failed
    // and the dashboard panel shows it — never silent.
    const { released } = await releaseDueItems(ctx, now);
    return released.length ? `已发布 ${released.length} 篇：${released.join('、')}` : '没有到期的定时发布';
  },
};
