// The frequency cap per talk page and the cap per run. Pure: what was posted comes in as times
// (from the ledger), the clock as `now`. What is held back keeps its reason and stays due.

import { byCodePoint } from '../../src/core/code-point-order';

export interface Caps {
  /** At most this many reminders on one talk page… */
  postsPerPage: number;
  /** …within this many days (0: no frequency cap). */
  days: number;
  maxPostsPerRun: number;
}

export interface Candidate {
  /** The page the reminder would be posted on (after redirects). */
  talkPage: string;
  dueAt: string;
  key: string;
}

export interface HeldBack<T> {
  item: T;
  cap: 'frequency' | 'run';
  reason: string;
}

export interface CapResult<T> {
  deliver: T[];
  held: HeldBack<T>[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Oldest due first, then by key, so every run makes the same choice. */
export function byDueDate(a: Pick<Candidate, 'dueAt' | 'key'>, b: Pick<Candidate, 'dueAt' | 'key'>): number {
  return byCodePoint(a.dueAt, b.dueAt) || byCodePoint(a.key, b.key);
}

/** Where the frequency cap's window starts: posts before it no longer count; null when there is no frequency cap. */
export function frequencyWindowStart(now: Date, caps: Pick<Caps, 'days'>): Date | null {
  return caps.days > 0 ? new Date(now.getTime() - caps.days * DAY_MS) : null;
}

/** "2026-11-28 09:30 UTC": minutes are enough for an operator reading the report. */
function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function applyCaps<T extends Candidate>(
  candidates: readonly T[],
  postedAt: (talkPage: string) => readonly string[],
  now: Date,
  caps: Caps,
): CapResult<T> {
  const deliver: T[] = [];
  const held: HeldBack<T>[] = [];
  const windowStart = frequencyWindowStart(now, caps);
  const plannedOn = new Map<string, number>();
  for (const item of [...candidates].sort(byDueDate)) {
    const page = item.talkPage;
    if (windowStart) {
      const times = [
        ...postedAt(page).map((t) => Date.parse(t)).filter((t) => t > windowStart.getTime()),
        ...Array<number>(plannedOn.get(page) ?? 0).fill(now.getTime()),
      ].sort((a, b) => a - b);
      if (times.length >= caps.postsPerPage) {
        // The window lets one more through once enough of these posts have aged out of it.
        const freeAt = times[times.length - caps.postsPerPage] + caps.days * DAY_MS;
        held.push({
          item,
          cap: 'frequency',
          reason: `held back by the frequency cap (${caps.postsPerPage} per ${caps.days} days on "${page}"): due again from ${when(freeAt)}`,
        });
        continue;
      }
    }
    if (deliver.length >= caps.maxPostsPerRun) {
      held.push({ item, cap: 'run', reason: `held back by the cap of ${caps.maxPostsPerRun} reminders per run; due again next run` });
      continue;
    }
    deliver.push(item);
    plannedOn.set(page, (plannedOn.get(page) ?? 0) + 1);
  }
  return { deliver, held };
}
