// The embedded backend: one SQLite file (WAL) on this machine, through better-sqlite3.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SqlValue } from '../task-ledger';
import { pauseSync, type LedgerBackend, type LockArbiter, type Question, type Row, type RunInfo } from './backend';

const BUSY_TIMEOUT_MS = 5000;
const BUSY_RETRY_MS = 20;

/** Runs `step`, again while SQLite answers SQLITE_BUSY, for up to BUSY_TIMEOUT_MS. */
function whileBusy<T>(step: () => T): T {
  const giveUpAt = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return step();
    } catch (error) {
      if (!String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY') || Date.now() >= giveUpAt) throw error;
      pauseSync(BUSY_RETRY_MS);
    }
  }
}

/** On one machine the task_locks row is the lock: its holder's heartbeat and process decide (src/ledger/task-lock.ts). */
const ROW_IS_THE_LOCK: LockArbiter = {
  claim: () => true,
  holderIsGone: () => false,
  stillHolds: () => true,
  isLost: () => false,
  letGo: () => undefined,
};

export class SqliteBackend implements LedgerBackend {
  readonly kind = 'sqlite';
  readonly setting = 'ledger.path';
  readonly locks = ROW_IS_THE_LOCK;
  /** Compiled statements by SQL: a run asks the same few questions once per page (DESIGN §5). */
  private readonly statements = new Map<string, Database.Statement>();
  private readonly db: Database.Database;

  constructor(readonly where: string) {
    if (where !== ':memory:') fs.mkdirSync(path.dirname(where), { recursive: true });
    // Waits up to 5 s for another process's write (better-sqlite3's `timeout`), from the first statement on.
    this.db = new Database(where, { timeout: BUSY_TIMEOUT_MS });
    // SQLite does not wait for the lock that switching a new file to WAL needs: a process opening
    // the same new ledger at that moment got "database is locked". Retried here instead.
    whileBusy(() => this.db.pragma('journal_mode = WAL'));
    this.db.pragma('foreign_keys = ON');
  }

  private statement(sql: string): Database.Statement {
    let compiled = this.statements.get(sql);
    if (!compiled) {
      compiled = this.db.prepare(sql);
      this.statements.set(sql, compiled);
    }
    return compiled;
  }

  run(sql: string, params: readonly SqlValue[] = []): RunInfo {
    const info = this.statement(sql).run(...params);
    return { changes: info.changes, lastInsertId: Number(info.lastInsertRowid) };
  }

  get(sql: string, params: readonly SqlValue[] = []): Row | undefined {
    return this.statement(sql).get(...params) as Row | undefined;
  }

  all(sql: string, params: readonly SqlValue[] = []): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }

  allMany(questions: readonly Question[]): Row[][] {
    return questions.map(({ sql, params }) => this.all(sql, params));
  }

  readOnly(questions: readonly Question[]): Row[][] {
    const statements = questions.map(({ sql }) => {
      const statement = this.statement(sql);
      if (!statement.reader || !statement.readonly) throw new Error(`a task's ledger read must be a read-only query: ${sql}`);
      return statement;
    });
    return statements.map((statement, index) => statement.all(...questions[index].params) as Row[]);
  }

  execScript(script: string): void {
    this.db.exec(script);
  }

  /** IMMEDIATE: the write lock is taken at the start, so two processes' read-then-write never interleave. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /**
   * One IMMEDIATE transaction around the whole migration: two processes opening a new ledger at once
   * (a daemon and a manual run) then migrate it once, not both ("table runs already exists" before).
   */
  whileMigrating<T>(work: () => T): T {
    return this.transaction(work);
  }

  tableNames(): string[] {
    return this.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((row) => String(row.name));
  }

  columnsOf(table: string): string[] {
    return this.all(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, [table]).map((row) => String(row.name));
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    this.db.close();
  }
}
