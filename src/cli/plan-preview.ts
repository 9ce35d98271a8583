// `plan` of several tasks previews what `run` of the same tasks would do. A run records each task's
// signals (e.g. office-hours' stale announcements) as it goes, so a later task (talk-reminders)
// acts on them in the same run; a plan records nothing. This ledger view lets the later tasks of a
// plan see the signals the earlier tasks' plans would record, and not those they would close,
// without writing either: the plan file then holds the posts `run` would make, and `apply` makes them.
import type { Ledger } from '../ledger/ledger';
import type { LedgerRecord, Signal } from '../ledger/records';

export interface PlannedRecords {
  task: string;
  records: readonly LedgerRecord[];
}

/** The ledger's open signals as they would be once `planned` were recorded, in order. */
function openSignalsAfter(ledger: Ledger, planned: readonly PlannedRecords[], now: Date, types?: readonly string[]): Signal[] {
  const open = new Map(ledger.openSignals().map((signal) => [signal.key, signal]));
  const known = new Set(open.keys());
  let previewId = 0;
  for (const { task, records } of planned) {
    for (const record of records) {
      if (record.kind === 'signal' && !known.has(record.signal.key) && !ledger.hasSignal(record.signal.key)) {
        // As recordAll's INSERT OR IGNORE: a key recorded before (open or handled) is not new.
        known.add(record.signal.key);
        open.set(record.signal.key, { ...record.signal, id: --previewId, sourceTask: task, createdAt: now.toISOString(), handledAt: null });
      } else if (record.kind === 'signal-handled') open.delete(record.key);
    }
  }
  return [...open.values()].filter((signal) => !types || types.includes(signal.type));
}

/** `ledger`, whose open signals include those `planned` (filled in as the plan goes) would record. */
export function ledgerWithPlannedRecords(ledger: Ledger, planned: readonly PlannedRecords[], clock: () => Date): Ledger {
  return new Proxy(ledger, {
    get(target, property) {
      if (property === 'openSignals') return (types?: readonly string[]) => openSignalsAfter(target, planned, clock(), types);
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
