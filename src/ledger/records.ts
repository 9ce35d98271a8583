// What tasks may read from the ledger, and the records a plan asks the ledger to keep.
import { z } from 'zod';

export interface SignalInput {
  /** Kind of signal, e.g. `banner-removed`, `translation-below-threshold`, `stale-office-hours`. */
  type: string;
  /** The page the signal is about (its talk page receives the reminder). */
  page: string;
  /** Unique per occurrence: recording the same key again does nothing. */
  key: string;
  data: Record<string, unknown>;
}

export interface Signal extends SignalInput {
  id: number;
  sourceTask: string;
  createdAt: string;
  handledAt: string | null;
}

export interface TranslationSnapshotRow {
  page: string;
  language: string;
  total: number;
  translated: number;
  fuzzy: number;
  proofread: number;
  takenAt: string;
}

export interface EditRow {
  runId: number;
  task: string;
  page: string;
  kind: 'edit' | 'create' | 'new-section';
  oldRevId: number | null;
  newRevId: number | null;
  summary: string;
  madeAt: string;
}

export interface ReminderRow {
  key: string;
  task: string;
  talkPage: string;
  revId: number | null;
  postedAt: string;
}

export type LedgerRecord =
  | { kind: 'signal'; signal: SignalInput }
  | { kind: 'signal-handled'; key: string }
  | { kind: 'translation-snapshot'; snapshot: Omit<TranslationSnapshotRow, 'takenAt'> }
  | { kind: 'task-state'; key: string; value: unknown };

/** A record as a plan file holds it: checked when the file is read, so an applied plan records only these. */
export const ledgerRecordSchema: z.ZodType<LedgerRecord> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('signal'),
    signal: z.object({ type: z.string(), page: z.string(), key: z.string(), data: z.record(z.string(), z.unknown()) }),
  }),
  z.object({ kind: z.literal('signal-handled'), key: z.string() }),
  z.object({
    kind: z.literal('translation-snapshot'),
    snapshot: z.object({
      page: z.string(),
      language: z.string(),
      total: z.number(),
      translated: z.number(),
      fuzzy: z.number(),
      proofread: z.number(),
    }),
  }),
  z.object({ kind: z.literal('task-state'), key: z.string(), value: z.unknown() }),
]);

export interface LedgerReader {
  editsOn(page: string, task?: string): EditRow[];
  latestSnapshot(page: string): TranslationSnapshotRow[];
  openSignals(types?: readonly string[]): Signal[];
  reminder(key: string): ReminderRow | undefined;
  remindersOn(talkPage: string): ReminderRow[];
  taskState<T>(task: string, key: string): T | undefined;
}
