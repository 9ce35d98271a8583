// The production Scheduler: node-cron, always in UTC (config schedules are UTC).
import cron from 'node-cron';
import type { Scheduler } from './daemon';

export const nodeCronScheduler: Scheduler = {
  schedule(name, expression, onTick) {
    const job = cron.schedule(expression, () => onTick(), { timezone: 'UTC', name: `deptbot-${name}` });
    return { stop: () => void job.destroy() };
  },
};
