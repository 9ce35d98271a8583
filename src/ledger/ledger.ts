// The ledger: an embedded SQLite database (WAL) of runs, edits, reminders, signals and task state,
// and of the tables each task declares for itself (src/ledger/task-ledger.ts).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';
import { isFrameworkRecord, type EditRow, type FrameworkRecord, type LedgerReader, type LedgerRecord, type ReminderRow, type Signal } from './records';
import { checkTaskRecord, migrateTasks, recordKindsOf, type NamedTaskLedger, type RecordKind, type SqlValue } from './task-ledger';

export type RunTrigger = 'schedule' | 'cli' | 'apply';
/** 'unreachable': the wiki stopped answering (after the client's retries) before the run was done. */
export type RunResult = 'ok' | 'failed' | 'shutoff' | 'interrupted' | 'unreachable';

export interface RunRow {
  id: number;
  task: string;
  trigger: RunTrigger;
  dryRun: boolean;
  startedAt: string;
  endedAt: string | null;
  result: RunResult | null;
  edits: number;
  skipped: number;
  errors: number;
  requests: number;
  details: Record<string, unknown>;
}

/** Who holds a task's cross-process lock (see src/ledger/task-lock.ts). */
export interface TaskLockRow {
  task: string;
  /** Unique per acquisition: only the holder that took the lock can refresh or release it. */
  token: string;
  pid: number;
  host: string;
  /** What the holder is doing, e.g. "deptbot run" or "deptbot start". */
  command: string;
  acquiredAt: string;
  heartbeatAt: string;
}

export type LockAttempt = { acquired: true; replaced?: TaskLockRow } | { acquired: false; holder: TaskLockRow };

export interface RunTotals {
  result: RunResult;
  edits: number;
  skipped: number;
  errors: number;
  requests: number;
  details: Record<string, unknown>;
}

function toRun(row: any): RunRow {
  return {
    id: row.id,
    task: row.task,
    trigger: row.trigger,
    dryRun: row.dry_run === 1,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    result: row.result,
    edits: row.edits,
    skipped: row.skipped,
    errors: row.errors,
    requests: row.requests,
    details: JSON.parse(row.details),
  };
}

function toEdit(row: any): EditRow {
  return {
    runId: row.run_id,
    task: row.task,
    page: row.page,
    kind: row.kind,
    oldRevId: row.old_rev_id,
    newRevId: row.new_rev_id,
    summary: row.summary,
    madeAt: row.made_at,
  };
}

function toLock(row: any): TaskLockRow {
  return {
    task: row.task,
    token: row.token,
    pid: row.pid,
    host: row.host,
    command: row.command,
    acquiredAt: row.acquired_at,
    heartbeatAt: row.heartbeat_at,
  };
}

function toReminder(row: any): ReminderRow {
  return { key: row.key, task: row.task, talkPage: row.talk_page, revId: row.rev_id, postedAt: row.posted_at };
}

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
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, BUSY_RETRY_MS); // a synchronous pause: opening is synchronous
    }
  }
}

export interface WikiIdentity {
  apiUrl: string;
  /** siteinfo's `wikiid` (e.g. "metawiki"). */
  wikiId: string;
  recordedAt: string;
}

export class Ledger implements LedgerReader {
  /** Compiled statements by SQL: a run asks the same few questions once per page (DESIGN §5). */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    private readonly db: Database.Database,
    private readonly recordKinds: readonly RecordKind[],
  ) {}

  private statement(sql: string): Database.Statement {
    let compiled = this.statements.get(sql);
    if (!compiled) {
      compiled = this.db.prepare(sql);
      this.statements.set(sql, compiled);
    }
    return compiled;
  }

  /**
   * Opens (creating if needed) the database at `file` and brings its schema up to date: the
   * ledger's own tables, then each of `tasks`' (the registry's declarations: tasks/index.ts).
   */
  static open(file: string, tasks: readonly NamedTaskLedger[] = []): Ledger {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    // Waits up to 5 s for another process's write (better-sqlite3's `timeout`), from the first statement on.
    const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    // SQLite does not wait for the lock that switching a new file to WAL needs: a process opening
    // the same new ledger at that moment got "database is locked". Retried here instead.
    whileBusy(() => db.pragma('journal_mode = WAL'));
    db.pragma('foreign_keys = ON');
    const ledger = new Ledger(db, recordKindsOf(tasks));
    ledger.migrate(tasks);
    return ledger;
  }

  /**
   * One IMMEDIATE transaction that reads the version and applies what is missing: two processes
   * opening a new ledger at once (a daemon and a manual run) then migrate it once, not both
   * ("table runs already exists" before, about one start in 40 with three processes).
   */
  private migrate(tasks: readonly NamedTaskLedger[]): void {
    const upgrade = this.db.transaction(() => {
      this.db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      const row = this.db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
      for (let version = (row.version ?? 0) + 1; version <= MIGRATIONS.length; version++) {
        this.db.exec(MIGRATIONS[version - 1]);
        this.db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(version);
      }
      migrateTasks(
        {
          versionOf: (task) => this.taskSchemaVersion(task),
          apply: (task, version, sql) => {
            this.db.exec(sql);
            this.db.prepare('INSERT INTO task_schema_versions (task, version, applied_at) VALUES (?, ?, ?)').run(task, version, new Date().toISOString());
          },
        },
        tasks,
      );
    });
    upgrade.immediate();
  }

  get schemaVersion(): number {
    return (this.statement('SELECT MAX(version) AS version FROM schema_version').get() as { version: number }).version;
  }

  /** How many of `task`'s own migrations this ledger has applied (0: none, or a task that declares no tables). */
  taskSchemaVersion(task: string): number {
    const row = this.db.prepare('SELECT MAX(version) AS version FROM task_schema_versions WHERE task = ?').get(task) as { version: number | null };
    return row.version ?? 0;
  }

  close(): void {
    this.db.close();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  startRun(task: string, trigger: RunTrigger, dryRun: boolean, startedAt: Date): number {
    const info = this.statement('INSERT INTO runs (task, trigger, dry_run, started_at) VALUES (?, ?, ?, ?)').run(
      task,
      trigger,
      dryRun ? 1 : 0,
      startedAt.toISOString(),
    );
    return Number(info.lastInsertRowid);
  }

  finishRun(runId: number, endedAt: Date, totals: RunTotals): void {
    this.statement(
      'UPDATE runs SET ended_at = ?, result = ?, edits = ?, skipped = ?, errors = ?, requests = ?, details = ? WHERE id = ?',
    ).run(
      endedAt.toISOString(),
      totals.result,
      totals.edits,
      totals.skipped,
      totals.errors,
      totals.requests,
      JSON.stringify(totals.details),
      runId,
    );
  }

  /** Records a saved edit together with the records the plan attached to it, in one transaction. */
  recordEdit(edit: EditRow, records: readonly LedgerRecord[], reminderKey?: string): void {
    this.db.transaction(() => {
      this.statement(
        'INSERT INTO edits (run_id, task, page, kind, old_rev_id, new_rev_id, summary, made_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(edit.runId, edit.task, edit.page, edit.kind, edit.oldRevId, edit.newRevId, edit.summary, edit.madeAt);
      if (reminderKey !== undefined) {
        this.recordReminder({ key: reminderKey, task: edit.task, talkPage: edit.page, revId: edit.newRevId, postedAt: edit.madeAt }, edit.runId);
      }
      this.writeRecords(edit.runId, edit.task, new Date(edit.madeAt), records);
    })();
  }

  /** Records a posted message: saved by a run, or found on the wiki (its marker) when the ledger did not know it. Once per key. */
  recordReminder(reminder: ReminderRow, runId: number): void {
    this.statement('INSERT OR IGNORE INTO reminders (key, task, talk_page, rev_id, run_id, posted_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      reminder.key,
      reminder.task,
      reminder.talkPage,
      reminder.revId,
      runId,
      reminder.postedAt,
    );
  }

  recordAll(runId: number, task: string, now: Date, records: readonly LedgerRecord[]): void {
    this.db.transaction(() => this.writeRecords(runId, task, now, records))();
  }

  private writeRecords(runId: number, task: string, now: Date, records: readonly LedgerRecord[]): void {
    const at = now.toISOString();
    for (const record of records) {
      if (isFrameworkRecord(record)) this.writeFrameworkRecord(runId, task, at, record);
      else this.writeTaskRecord({ runId, task, at }, record);
    }
  }

  private writeFrameworkRecord(runId: number, task: string, at: string, record: FrameworkRecord): void {
    switch (record.kind) {
      case 'signal':
        this.statement(
          'INSERT OR IGNORE INTO signals (key, source_task, type, page, data, run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(record.signal.key, task, record.signal.type, record.signal.page, JSON.stringify(record.signal.data), runId, at);
        break;
      case 'signal-handled':
        this.statement('UPDATE signals SET handled_at = ? WHERE key = ? AND handled_at IS NULL').run(at, record.key);
        break;
      case 'task-state':
        this.statement(
          'INSERT INTO task_state (task, key, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (task, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        ).run(task, record.key, JSON.stringify(record.value), at);
        break;
    }
  }

  /** A record of a kind a task declared, checked by the kind's schema (a plan file may have been edited) and written by it. */
  private writeTaskRecord(context: { runId: number; task: string; at: string }, record: { kind: string }): void {
    const checked = checkTaskRecord(this.recordKinds, record);
    if ('problem' in checked) throw new Error(`task ${context.task}: ${checked.problem}`);
    checked.kind.write({ run: (sql, params) => void this.statement(sql).run(...params) }, checked.record, context);
  }

  // ---- task locks ----

  /**
   * Takes `lock.task` unless another holder has it and `isStale` says that holder is still alive.
   * One IMMEDIATE transaction, so two processes racing for the same task cannot both win.
   */
  acquireTaskLock(lock: TaskLockRow, isStale: (holder: TaskLockRow) => boolean): LockAttempt {
    const attempt = this.db.transaction((): LockAttempt => {
      const row = this.statement('SELECT * FROM task_locks WHERE task = ?').get(lock.task);
      const holder = row ? toLock(row) : undefined;
      if (holder && !isStale(holder)) return { acquired: false, holder };
      this.statement(
        'INSERT OR REPLACE INTO task_locks (task, token, pid, host, command, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(lock.task, lock.token, lock.pid, lock.host, lock.command, lock.acquiredAt, lock.heartbeatAt);
      return holder ? { acquired: true, replaced: holder } : { acquired: true };
    });
    return attempt.immediate();
  }

  /** Marks the lock as still held; false when it is no longer ours (taken over as stale). */
  refreshTaskLock(task: string, token: string, at: Date): boolean {
    const info = this.statement('UPDATE task_locks SET heartbeat_at = ? WHERE task = ? AND token = ?').run(at.toISOString(), task, token);
    return info.changes === 1;
  }

  releaseTaskLock(task: string, token: string): void {
    this.statement('DELETE FROM task_locks WHERE task = ? AND token = ?').run(task, token);
  }

  taskLocks(): TaskLockRow[] {
    return this.statement('SELECT * FROM task_locks ORDER BY task').all().map(toLock);
  }

  // ---- reads ----

  /** Edits where `column` is `value`, of one task or of all, oldest first. */
  private editsWhere(column: 'page' | 'run_id', value: string | number, task?: string): EditRow[] {
    const rows = task
      ? this.statement(`SELECT * FROM edits WHERE ${column} = ? AND task = ? ORDER BY id`).all(value, task)
      : this.statement(`SELECT * FROM edits WHERE ${column} = ? ORDER BY id`).all(value);
    return rows.map(toEdit);
  }

  editsOn(page: string, task?: string): EditRow[] {
    return this.editsWhere('page', page, task);
  }

  select(sql: string, params: readonly SqlValue[]): Record<string, unknown>[] {
    const statement = this.statement(sql);
    if (!statement.reader || !statement.readonly) throw new Error(`a task's ledger read must be a read-only query: ${sql}`);
    return statement.all(...params) as Record<string, unknown>[];
  }

  /** True when a signal with this key was ever recorded, open or handled (recording it again changes nothing). */
  hasSignal(key: string): boolean {
    return this.statement('SELECT 1 FROM signals WHERE key = ?').get(key) !== undefined;
  }

  openSignals(types?: readonly string[]): Signal[] {
    const rows = this.statement('SELECT * FROM signals WHERE handled_at IS NULL ORDER BY id').all() as any[];
    return rows
      .filter((r) => !types || types.includes(r.type))
      .map((r) => ({
        id: r.id,
        key: r.key,
        sourceTask: r.source_task,
        type: r.type,
        page: r.page,
        data: JSON.parse(r.data),
        createdAt: r.created_at,
        handledAt: r.handled_at,
      }));
  }

  reminder(key: string): ReminderRow | undefined {
    const row = this.statement('SELECT * FROM reminders WHERE key = ?').get(key);
    return row ? toReminder(row) : undefined;
  }

  remindersOn(talkPage: string): ReminderRow[] {
    return this.statement('SELECT * FROM reminders WHERE talk_page = ? ORDER BY posted_at').all(talkPage).map(toReminder);
  }

  taskState<T>(task: string, key: string): T | undefined {
    const row = this.statement('SELECT value FROM task_state WHERE task = ? AND key = ?').get(task, key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  recentRuns(limit: number, task?: string): RunRow[] {
    const rows = task
      ? this.statement('SELECT * FROM runs WHERE task = ? ORDER BY id DESC LIMIT ?').all(task, limit)
      : this.statement('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit);
    return rows.map(toRun);
  }

  /** The latest finished run of `task` that was allowed to write (not a dry-run). */
  lastAppliedRun(task: string): RunRow | undefined {
    const row = this.statement('SELECT * FROM runs WHERE task = ? AND dry_run = 0 AND ended_at IS NOT NULL ORDER BY id DESC LIMIT 1').get(
      task,
    );
    return row ? toRun(row) : undefined;
  }

  /** The latest finished runs of `task` that saved something, newest first. */
  lastRunsWithEdits(task: string, limit: number): RunRow[] {
    return this.statement('SELECT * FROM runs WHERE task = ? AND dry_run = 0 AND ended_at IS NOT NULL AND edits > 0 ORDER BY id DESC LIMIT ?')
      .all(task, limit)
      .map(toRun);
  }

  editsOfRun(runId: number, task?: string): EditRow[] {
    return this.editsWhere('run_id', runId, task);
  }

  recentEdits(limit: number): EditRow[] {
    return this.statement('SELECT * FROM edits ORDER BY id DESC LIMIT ?').all(limit).map(toEdit);
  }

  /** The wiki this ledger describes, once a command has connected to one with it. */
  wikiIdentity(): WikiIdentity | undefined {
    const row = this.statement('SELECT api_url, wiki_id, recorded_at FROM wiki_identity WHERE id = 1').get() as
      | { api_url: string; wiki_id: string; recorded_at: string }
      | undefined;
    return row && { apiUrl: row.api_url, wikiId: row.wiki_id, recordedAt: row.recorded_at };
  }

  recordWikiIdentity(identity: Omit<WikiIdentity, 'recordedAt'>, at: Date): void {
    this.statement('INSERT OR REPLACE INTO wiki_identity (id, api_url, wiki_id, recorded_at) VALUES (1, ?, ?, ?)').run(
      identity.apiUrl,
      identity.wikiId,
      at.toISOString(),
    );
  }

  /** Removes the ledger's memory of a reminder (used by tests that prove the wiki's marker suffices). */
  forgetReminder(key: string): void {
    this.statement('DELETE FROM reminders WHERE key = ?').run(key);
  }
}
