// What the ledger needs of a database, so that the same ledger (src/ledger/ledger.ts), with the same
// SQL, runs on SQLite (one machine, the default) and on MariaDB/MySQL (Toolforge's ToolsDB, or any
// server several machines share). Both answer synchronously: the ledger's callers stay as they are.
import type { SqlValue } from '../task-ledger';

export type Row = Record<string, unknown>;

/** One query of several asked together (LedgerBackend.allMany). */
export interface Question {
  sql: string;
  params: readonly SqlValue[];
}

export interface RunInfo {
  /** Rows the statement changed (for an UPDATE: rows it matched). */
  changes: number;
  lastInsertId: number;
}

export type BackendKind = 'sqlite' | 'mariadb';

/** Says on SQL how a task lock is arbitrated beyond the task_locks row (MariaDB: a named lock of the connection). */
export interface LockArbiter {
  /** Takes the server's lock for `task` under `token`; false when another connection holds it. */
  claim(task: string, token: string): boolean;
  /** True when a holder row is left by a holder that can no longer hold the lock (its connection is gone). */
  holderIsGone(token: string): boolean;
  /** True while the server still gives this connection the lock taken under `token`. */
  stillHolds(task: string, token: string): boolean;
  /** True once the connection that took the lock under `token` is gone (known without asking the server). */
  isLost(token: string): boolean;
  /** Gives back what `claim` took under `token`; nothing when it took nothing. */
  letGo(task: string, token: string): void;
}

export interface LedgerBackend {
  readonly kind: BackendKind;
  /** Where the ledger is, for messages: a file, or user@host:port/database. */
  readonly where: string;
  /** The setting that chose this backend, for messages (e.g. "ledger.path"). */
  readonly setting: string;
  readonly locks: LockArbiter;
  run(sql: string, params?: readonly SqlValue[]): RunInfo;
  get(sql: string, params?: readonly SqlValue[]): Row | undefined;
  all(sql: string, params?: readonly SqlValue[]): Row[];
  /** The rows of each query, in order, asked together: on MariaDB in one round trip to the server's thread, not one each. */
  allMany(questions: readonly Question[]): Row[][];
  /** The rows of each query, asked together like allMany, where no query may write: a statement that would is refused. */
  readOnly(questions: readonly Question[]): Row[][];
  /** Runs one migration (one or more statements separated by ";"). */
  execScript(script: string): void;
  /** Runs `work` in one write transaction: all of it or nothing. */
  transaction<T>(work: () => T): T;
  /** Runs `work` while no other process migrates this ledger. */
  whileMigrating<T>(work: () => T): T;
  /** The ledger's tables, by name (for copying a ledger). */
  tableNames(): string[];
  /** A table's columns, in order. */
  columnsOf(table: string): string[];
  readonly isOpen: boolean;
  close(): void;
}

/** Waits `ms` without returning to the event loop: the ledger's interface is synchronous. */
export function pauseSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
