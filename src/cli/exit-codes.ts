// The exit codes operators and job runners see (DESIGN §3.4).
import { ConfigError, LoginError, ShutoffError, UsageError } from '../core/errors';
import type { TaskRunReport } from '../core/run-loop';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_SHUTOFF = 3;

/**
 * A login failure counts as bad config: the credentials or MW_API_URL in .env are what an operator
 * has to fix (a wiki that is down answers the same way, and the message says which).
 */
export function exitCodeForError(error: unknown): number {
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof LoginError) return EXIT_USAGE;
  if (error instanceof ShutoffError) return EXIT_SHUTOFF;
  return EXIT_FAILED;
}

/** Shutoff wins (nothing more will be written until a human lifts it); then any failure or interruption. */
export function exitCodeForReports(reports: readonly Pick<TaskRunReport, 'result'>[], otherFailures = 0): number {
  if (reports.some((r) => r.result === 'shutoff')) return EXIT_SHUTOFF;
  if (otherFailures > 0 || reports.some((r) => r.result === 'failed' || r.result === 'interrupted')) return EXIT_FAILED;
  return EXIT_OK;
}
