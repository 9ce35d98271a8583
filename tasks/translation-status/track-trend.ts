// What the trend column compares with. The previous figures come from the ledger's latest snapshot;
// when nothing changed since then, the comparison made when the figures last changed is kept, so
// a run that finds the same figures renders the same report and makes no edit (instead of
// wiping the arrows one run after every change).
import type { TranslationSnapshotRow } from './ledger';
import type { LanguageStats } from './read-stats';

export interface TrendBaseline {
  /** When the compared figures were taken (ISO). */
  takenAt: string;
  languages: LanguageStats[];
}

/** Kept in the ledger's task state under `trendStateKey(page)`. */
export interface TrendState {
  baseline: TrendBaseline | null;
}

export function trendStateKey(page: string): string {
  return `trend:${page}`;
}

export function snapshotLanguages(rows: readonly TranslationSnapshotRow[]): LanguageStats[] {
  return rows.map(({ language, total, translated, fuzzy, proofread }) => ({ code: language, total, translated, fuzzy, proofread }));
}

/** Same counts in every language (a language missing on one side counts as nothing translated) and the same unit total. */
export function sameFigures(a: readonly LanguageStats[], b: readonly LanguageStats[]): boolean {
  const key = (s: LanguageStats | undefined) => (s ? `${s.translated}/${s.fuzzy}/${s.proofread}` : '0/0/0');
  const total = (rows: readonly LanguageStats[]) => Math.max(0, ...rows.map((r) => r.total));
  if (a.length && b.length && total(a) !== total(b)) return false;
  const byCode = (rows: readonly LanguageStats[]) => new Map(rows.map((r) => [r.code, r]));
  const left = byCode(a);
  const right = byCode(b);
  for (const code of new Set([...left.keys(), ...right.keys()])) {
    if (key(left.get(code)) !== key(right.get(code))) return false;
  }
  return true;
}

export interface TrendChoice {
  baseline: TrendBaseline | null;
  /** The figures differ from the previous run's (false on a first run: there is nothing to differ from). */
  changed: boolean;
  /** The state to store, when it changes. */
  newState?: TrendState;
}

/**
 * `current`: this run's reported figures; `latest`: the previous run's snapshot; `stored`: the state
 * from the run where the figures last changed.
 */
export function chooseBaseline(
  current: readonly LanguageStats[],
  latest: readonly TranslationSnapshotRow[],
  stored: TrendState | undefined,
): TrendChoice {
  if (latest.length === 0) return { baseline: null, changed: false };
  const previous = snapshotLanguages(latest);
  if (sameFigures(current, previous)) return { baseline: stored?.baseline ?? null, changed: false };
  const baseline = { takenAt: latest[0].takenAt, languages: previous };
  return { baseline, changed: true, newState: { baseline } };
}
