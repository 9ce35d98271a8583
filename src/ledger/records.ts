// What tasks may read from the ledger, and the records a plan asks the ledger to keep.
import { z } from 'zod';
import type { SqlValue } from './task-ledger';

export interface SignalInput {
  /** Kind of signal, as the recording task declares it in its ledger.ts (src/ledger/task-ledger.ts). */
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

/**
 * The record kinds tasks declare, by kind: each task's ledger.ts adds its own to this interface
 * (`declare module`) and declares how the ledger writes them (src/ledger/task-ledger.ts).
 */
export interface TaskRecordKinds {}

export type TaskRecord = { [K in keyof TaskRecordKinds]: { kind: K } & TaskRecordKinds[K] }[keyof TaskRecordKinds];

/** The records every task may ask for: signals, their handling, and the task's own state. */
export type FrameworkRecord =
  | { kind: 'signal'; signal: SignalInput }
  | { kind: 'signal-handled'; key: string }
  | { kind: 'task-state'; key: string; value: unknown };

export type LedgerRecord = FrameworkRecord | TaskRecord;

export function isFrameworkRecord(record: { kind: string }): record is FrameworkRecord {
  return record.kind === 'signal' || record.kind === 'signal-handled' || record.kind === 'task-state';
}

/**
 * A record as a plan file holds it. The framework's kinds are checked here; a task's kind is
 * checked by its declared schema when the ledger writes it (Ledger.recordAll, recordEdit).
 */
const taskRecordShape = z.object({ kind: z.string() }).passthrough();

export const ledgerRecordSchema: z.ZodType<LedgerRecord> = z.union([
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('signal'),
      signal: z.object({ type: z.string(), page: z.string(), key: z.string(), data: z.record(z.string(), z.unknown()) }),
    }),
    z.object({ kind: z.literal('signal-handled'), key: z.string() }),
    z.object({ kind: z.literal('task-state'), key: z.string(), value: z.unknown() }),
  ]),
  z.custom<TaskRecord>(
    (value) => {
      const shape = taskRecordShape.safeParse(value);
      return shape.success && !isFrameworkRecord(shape.data);
    },
    { message: 'a record needs a "kind"' },
  ),
]);

export interface LedgerReader {
  editsOn(page: string, task?: string): EditRow[];
  /** A task's edits on each of `pages` (oldest first), by page: one question for a part's pages, not one each; a page with none is absent. */
  editsOnPages(pages: readonly string[], task: string): Map<string, EditRow[]>;
  openSignals(types?: readonly string[]): Signal[];
  reminder(key: string): ReminderRow | undefined;
  /** The reminders posted under any of `keys`, by key: one question for a run's reminders, not one each. */
  remindersWithKeys(keys: readonly string[]): Map<string, ReminderRow>;
  /**
   * The reminders posted on each of `talkPages` at or after `since` (oldest first), by talk page; a
   * page with none is absent. Only a window's posts: a talk page's whole history grows with every run.
   */
  remindersOnPagesSince(talkPages: readonly string[], since: Date): Map<string, ReminderRow[]>;
  taskState<T>(task: string, key: string): T | undefined;
  /** A task's state under each of `keys`, by key: one question for a part's pages, not one each; a key with none is absent. */
  taskStates<T>(task: string, keys: readonly string[]): Map<string, T>;
  /** Rows of a read-only query on a task's own tables (declared in its ledger.ts); a statement that would write is refused. */
  select(sql: string, params: readonly SqlValue[]): Record<string, unknown>[];
  /**
   * Rows of the read-only query `before IN (values) after` (params before the values), for many
   * values: asked in questions of 500 values, sent together (on MariaDB one round trip, not one per page).
   */
  selectWhereIn(sql: { before: string; after?: string }, params: readonly SqlValue[], values: readonly string[]): Record<string, unknown>[];
}
