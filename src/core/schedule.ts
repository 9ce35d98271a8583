// Cron schedules (UTC): validation and next run times, for config, `deptbot list` and the status page.
import type { CronExpressionParser as CronParser } from 'cron-parser';

/**
 * cron-parser (1 MB of heap, 18 ms to load), loaded on the first question: a run whose config sets no schedule
 * asks none until it updates the status page; the benchmark's plans never do.
 */
function cronParser(): typeof CronParser {
  return (require('cron-parser') as typeof import('cron-parser')).CronExpressionParser;
}

export function isValidCron(expression: string): boolean {
  if (expression.trim().split(/\s+/).length !== 5) return false;
  try {
    cronParser().parse(expression, { tz: 'UTC' });
    return true;
  } catch {
    return false;
  }
}

export function nextRun(expression: string, after: Date): Date {
  return cronParser().parse(expression, { currentDate: after, tz: 'UTC' }).next().toDate();
}
