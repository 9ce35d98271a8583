// The signals talk-reminders turns into reminders: a priority language below its threshold, a
// language that fell below a threshold since the previous run, and too many outdated units.
// Keys make each occurrence unique, so the ledger records it once however often the task runs.
import type { SignalInput } from '../../src/ledger/records';
import { produceSignal } from '../../src/ledger/task-ledger';
import type { LanguageRow } from './build-page-report';
import { percentComplete, type LanguageStats } from './read-stats';
import { translationSignals } from './ledger';
import { priorityThreshold, type Thresholds } from './settings';

export interface SignalInputs {
  page: string;
  /** The reported languages (checked against the priority and outdated thresholds). */
  rows: readonly LanguageRow[];
  /** Every language Translate returned this run (a language that dropped to nothing is no longer reported). */
  current: readonly LanguageStats[];
  /** The previous run's figures (the ledger's latest snapshot); empty on the first run. */
  previous: readonly LanguageStats[];
  thresholds: Thresholds;
  /** YYYY-MM-DD of this run (UTC). */
  date: string;
}

export function findSignals(input: SignalInputs): SignalInput[] {
  const { page, thresholds } = input;
  const signals: SignalInput[] = [];
  for (const row of input.rows) {
    const language = row.code;
    if (row.priority) {
      const threshold = priorityThreshold(thresholds, language);
      if (row.percent < threshold) {
        signals.push(
          produceSignal(translationSignals.below, {
            page,
            key: `translation-below:${page}:${language}:${threshold}`,
            data: { language, percent: row.percent, threshold },
          }),
        );
      }
    }
    if (row.fuzzy > thresholds.outdatedUnits) {
      signals.push(
        produceSignal(translationSignals.outdated, {
          page,
          key: `translation-outdated:${page}:${language}:${row.fuzzy}`,
          data: { language, outdated: row.fuzzy, threshold: thresholds.outdatedUnits },
        }),
      );
    }
  }
  // Only the languages of the previous figures are compared (Translate sends hundreds of rows).
  const before = new Set(input.previous.map((row) => row.code));
  const now = new Map(input.current.filter((row) => before.has(row.code)).map((row) => [row.code, percentComplete(row)]));
  for (const before of input.previous) {
    const language = before.code;
    const previousPercent = percentComplete(before);
    const percent = now.get(language) ?? 0;
    // One signal per drop, for the lowest threshold crossed: 95 % → 40 % is "fell below 50 %", not two reminders.
    const crossed = thresholds.fellBelowPercents.filter((t) => previousPercent >= t && percent < t);
    if (crossed.length === 0) continue;
    const threshold = Math.min(...crossed);
    signals.push(
      produceSignal(translationSignals.fell, {
        page,
        key: `translation-fell:${page}:${language}:${threshold}:${input.date}`,
        data: { language, percent, previousPercent, threshold },
      }),
    );
  }
  return signals;
}
