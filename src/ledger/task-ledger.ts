// What a task keeps in the ledger, declared in its own folder (tasks/<name>/ledger.ts) and collected
// by the registry: its tables (numbered migrations, versioned per task), the record kinds its plan
// asks the ledger to keep, and the signals it records for other tasks. The ledger applies the
// migrations and writes the records without knowing any task's tables; consumers read a task's
// signals through the kinds it exports.
import type { z } from 'zod';
import { isFrameworkRecord, type LedgerRecord, type Signal, type SignalInput } from './records';

export type SqlValue = string | number | null;

/** Where a record kind writes: inside the transaction that records the edit or the plan. */
export interface RecordTables {
  run(sql: string, params: readonly SqlValue[]): void;
}

/** The run a record belongs to, and when it is written (ISO). */
export interface RecordContext {
  runId: number;
  task: string;
  at: string;
}

/**
 * A kind of record a task's plan asks the ledger to keep, and how the ledger writes it. `pageOf`
 * and `write` are methods, so that a task's kind (of its own record type) fits the ledger's list.
 */
export interface RecordKind<R extends { kind: string } = { kind: string }> {
  kind: R['kind'];
  /** Checks a record read from a plan file before it is written. */
  schema: z.ZodType<R>;
  /** The page the record is about, so that `--page` keeps only that page's records. */
  pageOf(record: R): string | undefined;
  write(tables: RecordTables, record: R, context: RecordContext): void;
}

/** A kind of signal: its type and the schema its data must satisfy, for producer and consumers alike. */
export interface SignalKind<T extends string = string, D extends Record<string, unknown> = Record<string, unknown>> {
  type: T;
  schema: z.ZodType<D>;
}

export interface TaskLedger {
  /** Numbered from 1 in order, applied once each per ledger. Append a migration; never edit one that has shipped. */
  migrations: readonly string[];
  records: readonly RecordKind[];
  signals: readonly SignalKind[];
}

/** A task's declaration, under the task's name (its version row and the source of its signals). */
export interface NamedTaskLedger extends TaskLedger {
  task: string;
}

export function signalKind<T extends string, D extends Record<string, unknown>>(type: T, schema: z.ZodType<D>): SignalKind<T, D> {
  return { type, schema };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'data'}: ${issue.message}`).join('; ');
}

/**
 * A signal of `kind`, its data parsed by the kind's schema where it is produced: a task cannot
 * record data its consumers could not read. Throws naming the signal and the page.
 */
export function produceSignal<T extends string, D extends Record<string, unknown>>(
  kind: SignalKind<T, D>,
  signal: { page: string; key: string; data: D },
): SignalInput {
  const parsed = kind.schema.safeParse(signal.data);
  if (!parsed.success) throw new Error(`signal "${signal.key}" (${kind.type}) about "${signal.page}" has invalid data: ${describeIssues(parsed.error)}`);
  return { type: kind.type, page: signal.page, key: signal.key, data: parsed.data };
}

export type ReadSignal<D> = { signal: Signal; data: D } | { signal: Signal; problem: string };

/** A recorded signal of `kind`, its data parsed by the producer's schema (a problem in words when it does not fit). */
export function readSignal<D extends Record<string, unknown>>(kind: SignalKind<string, D>, signal: Signal): ReadSignal<D> {
  const parsed = kind.schema.safeParse(signal.data);
  if (parsed.success) return { signal, data: parsed.data };
  return { signal, problem: `signal "${signal.key}" (${kind.type}) has data this task cannot read: ${describeIssues(parsed.error)}` };
}

/** Migrations are numbered from 1 per task: version N is migrations[N - 1]. */
export interface TaskMigrationStore {
  versionOf(task: string): number;
  apply(task: string, version: number, sql: string): void;
}

/** Applies each task's migrations that `store` has not applied yet, in order. */
export function migrateTasks(store: TaskMigrationStore, tasks: readonly NamedTaskLedger[]): void {
  for (const declared of tasks) {
    for (let version = store.versionOf(declared.task) + 1; version <= declared.migrations.length; version++) {
      store.apply(declared.task, version, declared.migrations[version - 1]);
    }
  }
}

/** The record kinds the tasks declare; two tasks declaring the same kind is an error. */
export function recordKindsOf(tasks: readonly NamedTaskLedger[]): RecordKind[] {
  const owners = new Map<string, string>();
  for (const declared of tasks) {
    for (const kind of declared.records) {
      const owner = owners.get(kind.kind);
      if (owner !== undefined) throw new Error(`ledger record kind "${kind.kind}" is declared by both ${owner} and ${declared.task}`);
      owners.set(kind.kind, declared.task);
    }
  }
  return tasks.flatMap((declared) => declared.records);
}

/** The page a record of `declared`'s task is about, for `--page`: a signal's page, or what the task's record kind says. */
export function recordPageOf(declared: TaskLedger | undefined, record: LedgerRecord): string | undefined {
  if (record.kind === 'signal') return record.signal.page;
  return declared?.records.find((kind) => kind.kind === record.kind)?.pageOf(record);
}

/** The signal kinds each task declares, by task name: what the ledger checks a signal against when it is written. */
export function signalKindsByTask(tasks: readonly NamedTaskLedger[]): ReadonlyMap<string, readonly SignalKind[]> {
  return new Map(tasks.map((declared) => [declared.task, declared.signals]));
}

/**
 * Why a task declaring the signal kinds `declared` may not record `signal`, or null: it records only
 * the signals it declares, with data their consumers can read (a plan file may have been edited).
 * A task that declares nothing in the ledger (undefined: a test's task, the status pages) is not checked.
 */
export function signalProblem(declared: readonly SignalKind[] | undefined, signal: SignalInput): string | null {
  if (declared === undefined) return null;
  const kind = declared.find((k) => k.type === signal.type);
  if (!kind) return `signal "${signal.key}" is of type "${signal.type}", which the task does not declare in its ledger.ts`;
  const parsed = kind.schema.safeParse(signal.data);
  if (parsed.success) return null;
  return `signal "${signal.key}" (${signal.type}) about "${signal.page}" has invalid data: ${describeIssues(parsed.error)}`;
}

/** `record` checked by the schema of its kind among `kinds`: a plan file may have been edited by hand. */
export function checkTaskRecord(kinds: readonly RecordKind[], record: { kind: string }): { kind: RecordKind; record: { kind: string } } | { problem: string } {
  const kind = kinds.find((declared) => declared.kind === record.kind);
  if (!kind) return { problem: `no task declares the ledger record kind "${record.kind}"` };
  const parsed = kind.schema.safeParse(record);
  if (!parsed.success) return { problem: `a "${record.kind}" record is malformed: ${describeIssues(parsed.error)}` };
  return { kind, record: parsed.data };
}

/** What is wrong with the records a task's saved plan asks for, in words; [] when the task's declarations accept them all. */
export function recordProblems(declared: TaskLedger | undefined, records: readonly LedgerRecord[]): string[] {
  return records.flatMap((record) => {
    if (record.kind === 'signal') return signalProblem(declared?.signals, record.signal) ?? [];
    if (isFrameworkRecord(record)) return [];
    const checked = checkTaskRecord(declared?.records ?? [], record);
    return 'problem' in checked ? [checked.problem] : [];
  });
}
