// The exit codes operators and job runners see (DESIGN §3.4).
import { ConfigError, LoginError, ShutoffError, UsageError, WikiUnreachableError } from '../core/errors';
import type { TaskRunReport } from '../core/run-loop';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_SHUTOFF = 3;
/** The wiki did not answer (network, DNS, timeout, HTTP 5xx) after the retries: worth trying again later. */
export const EXIT_UNREACHABLE = 4;

/**
 * A login the wiki refused counts as bad config: the credentials or MW_API_URL in .env are what an
 * operator has to fix. A wiki that does not answer at all is not: that is exit 4, which a
 * supervisor (the systemd unit) restarts on, where it never restarts on 2.
 */
export function exitCodeForError(error: unknown): number {
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof LoginError) return EXIT_USAGE;
  if (error instanceof ShutoffError) return EXIT_SHUTOFF;
  if (error instanceof WikiUnreachableError) return EXIT_UNREACHABLE;
  return EXIT_FAILED;
}

/**
 * Shutoff wins (nothing more will be written until a human lifts it); then a wiki that stopped
 * answering (exit 4: try again later); then any other failure or interruption.
 */
export function exitCodeForReports(reports: readonly Pick<TaskRunReport, 'result'>[], otherFailures = 0): number {
  if (reports.some((r) => r.result === 'shutoff')) return EXIT_SHUTOFF;
  if (reports.some((r) => r.result === 'unreachable')) return EXIT_UNREACHABLE;
  if (otherFailures > 0 || reports.some((r) => r.result === 'failed' || r.result === 'interrupted')) return EXIT_FAILED;
  return EXIT_OK;
}
