// The ledger: a database of runs, edits, reminders, signals and task state, and of the tables each
// task declares for itself (src/ledger/task-ledger.ts). The database is SQLite (one machine, the
// default) or MariaDB/MySQL (ToolsDB, shared by machines), behind src/ledger/backend/backend.ts,
// with the same SQL and the same numbered migrations on both.
import { batchesOf, groupedBy } from '../core/batches';
import { byCodePoint } from '../core/code-point-order';
import { pauseSync, type LedgerBackend, type Question } from './backend/backend';
import { ledgerLocation, openBackend, type LedgerSettings } from './ledger-location';
import { MIGRATIONS, migrationSql } from './migrations';
import { isFrameworkRecord, type EditRow, type FrameworkRecord, type LedgerReader, type LedgerRecord, type ReminderRow, type Signal } from './records';
import { checkTaskRecord, migrateTasks, recordKindsOf, signalKindsByTask, signalProblem, type NamedTaskLedger, type RecordKind, type SignalKind, type SqlValue } from './task-ledger';

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

/** How long a process refused a task lock waits for the holder's row, to name the holder. */
const HOLDER_ROW_WAIT_MS = 2000;

export interface WikiIdentity {
  apiUrl: string;
  /** siteinfo's `wikiid` (e.g. "metawiki"). */
  wikiId: string;
  recordedAt: string;
}

/** Values in one `IN (…)` question: well under SQLite's limit of bound parameters, and a short statement for MariaDB. */
const VALUES_PER_QUESTION = 500;

export class Ledger implements LedgerReader {
  private constructor(
    private readonly db: LedgerBackend,
    private readonly recordKinds: readonly RecordKind[],
    private readonly signalKinds: ReadonlyMap<string, readonly SignalKind[]>,
  ) {}

  /**
   * Opens (creating if needed) the ledger at `where` (a SQLite file, or the config's `ledger`
   * settings: src/ledger/ledger-location.ts; relative paths from the working directory) and brings
   * its schema up to date: the ledger's own tables, then each of `tasks'` (the registry's
   * declarations: tasks/index.ts).
   */
  static open(where: string | LedgerSettings, tasks: readonly NamedTaskLedger[] = []): Ledger {
    const backend = openBackend(ledgerLocation(typeof where === 'string' ? { path: where } : where, process.cwd()));
    try {
      const ledger = new Ledger(backend, recordKindsOf(tasks), signalKindsByTask(tasks));
      ledger.migrate(tasks);
      return ledger;
    } catch (error) {
      backend.close();
      throw error;
    }
  }

  /** Which database this ledger is in: its kind, where, and the setting that chose it. */
  get backend(): Pick<LedgerBackend, 'kind' | 'where' | 'setting'> {
    return { kind: this.db.kind, where: this.db.where, setting: this.db.setting };
  }

  /** The database itself, for copying a ledger (src/ledger/copy-ledger.ts). */
  get database(): LedgerBackend {
    return this.db;
  }

  /**
   * Reads the version and applies what is missing while no other process migrates (SQLite: one
   * IMMEDIATE transaction; MariaDB: a named lock): two processes opening a new ledger at once (a
   * daemon and a manual run) then migrate it once, not both.
   */
  private migrate(tasks: readonly NamedTaskLedger[]): void {
    this.db.whileMigrating(() => {
      this.db.execScript('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      const row = this.db.get('SELECT MAX(version) AS version FROM schema_version') as { version: number | null };
      for (let version = (row.version ?? 0) + 1; version <= MIGRATIONS.length; version++) {
        this.db.execScript(migrationSql(MIGRATIONS[version - 1], this.db.kind));
        this.db.run('INSERT INTO schema_version (version) VALUES (?)', [version]);
      }
      migrateTasks(
        {
          versionOf: (task) => this.taskSchemaVersion(task),
          apply: (task, version, sql) => {
            this.db.execScript(sql);
            this.db.run('INSERT INTO task_schema_versions (task, version, applied_at) VALUES (?, ?, ?)', [task, version, new Date().toISOString()]);
          },
        },
        tasks,
      );
    });
  }

  get schemaVersion(): number {
    return (this.db.get('SELECT MAX(version) AS version FROM schema_version') as { version: number }).version;
  }

  /** How many of `task`'s own migrations this ledger has applied (0: none, or a task that declares no tables). */
  taskSchemaVersion(task: string): number {
    const row = this.db.get('SELECT MAX(version) AS version FROM task_schema_versions WHERE task = ?', [task]) as { version: number | null };
    return row.version ?? 0;
  }

  /** Each task's applied migrations, by task. */
  taskSchemaVersions(): Array<{ task: string; version: number }> {
    return this.db.all('SELECT task, MAX(version) AS version FROM task_schema_versions GROUP BY task ORDER BY task') as Array<{ task: string; version: number }>;
  }

  close(): void {
    this.db.close();
  }

  get isOpen(): boolean {
    return this.db.isOpen;
  }

  startRun(task: string, trigger: RunTrigger, dryRun: boolean, startedAt: Date): number {
    const info = this.db.run('INSERT INTO runs (task, `trigger`, dry_run, started_at) VALUES (?, ?, ?, ?)', [
      task,
      trigger,
      dryRun ? 1 : 0,
      startedAt.toISOString(),
    ]);
    return info.lastInsertId;
  }

  finishRun(runId: number, endedAt: Date, totals: RunTotals): void {
    this.db.run('UPDATE runs SET ended_at = ?, result = ?, edits = ?, skipped = ?, errors = ?, requests = ?, details = ? WHERE id = ?', [
      endedAt.toISOString(),
      totals.result,
      totals.edits,
      totals.skipped,
      totals.errors,
      totals.requests,
      JSON.stringify(totals.details),
      runId,
    ]);
  }

  /** Records a saved edit together with the records the plan attached to it, in one transaction. */
  recordEdit(edit: EditRow, records: readonly LedgerRecord[], reminderKey?: string): void {
    this.db.transaction(() => {
      this.db.run('INSERT INTO edits (run_id, task, page, kind, old_rev_id, new_rev_id, summary, made_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        edit.runId,
        edit.task,
        edit.page,
        edit.kind,
        edit.oldRevId,
        edit.newRevId,
        edit.summary,
        edit.madeAt,
      ]);
      if (reminderKey !== undefined) {
        this.recordReminder({ key: reminderKey, task: edit.task, talkPage: edit.page, revId: edit.newRevId, postedAt: edit.madeAt }, edit.runId);
      }
      this.writeRecords(edit.runId, edit.task, new Date(edit.madeAt), records);
    });
  }

  /** Records a posted message: saved by a run, or found on the wiki (its marker) when the ledger did not know it. Once per key. */
  recordReminder(reminder: ReminderRow, runId: number): void {
    this.db.run('INSERT OR IGNORE INTO reminders (`key`, task, talk_page, rev_id, run_id, posted_at) VALUES (?, ?, ?, ?, ?, ?)', [
      reminder.key,
      reminder.task,
      reminder.talkPage,
      reminder.revId,
      runId,
      reminder.postedAt,
    ]);
  }

  recordAll(runId: number, task: string, now: Date, records: readonly LedgerRecord[]): void {
    this.db.transaction(() => this.writeRecords(runId, task, now, records));
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
      case 'signal': {
        const problem = signalProblem(this.signalKinds.get(task), record.signal);
        if (problem) throw new Error(`task ${task}: ${problem}`);
        this.db.run('INSERT OR IGNORE INTO signals (`key`, source_task, type, page, data, run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
          record.signal.key,
          task,
          record.signal.type,
          record.signal.page,
          JSON.stringify(record.signal.data),
          runId,
          at,
        ]);
        break;
      }
      case 'signal-handled':
        this.db.run('UPDATE signals SET handled_at = ? WHERE `key` = ? AND handled_at IS NULL', [at, record.key]);
        break;
      case 'task-state':
        this.db.run(
          'INSERT INTO task_state (task, `key`, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (task, `key`) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
          [task, record.key, JSON.stringify(record.value), at],
        );
        break;
    }
  }

  /** A record of a kind a task declared, checked by the kind's schema (a plan file may have been edited) and written by it. */
  private writeTaskRecord(context: { runId: number; task: string; at: string }, record: { kind: string }): void {
    const checked = checkTaskRecord(this.recordKinds, record);
    if ('problem' in checked) throw new Error(`task ${context.task}: ${checked.problem}`);
    checked.kind.write({ run: (sql, params) => void this.db.run(sql, params) }, checked.record, context);
  }

  // ---- task locks ----

  /**
   * Takes `lock.task` unless another holder has it and is still alive. On MariaDB the server's named
   * lock decides first (another connection holding it: refused; the row of a holder whose connection
   * is gone: replaced); then, as on SQLite, the row in one transaction, where `isStale` judges a
   * holder of this same connection (SQLite: of any process), so two racers cannot both win.
   */
  acquireTaskLock(lock: TaskLockRow, isStale: (holder: TaskLockRow) => boolean): LockAttempt {
    if (!this.db.locks.claim(lock.task, lock.token)) return { acquired: false, holder: this.lockHolder(lock.task) };
    const attempt = this.db.transaction((): LockAttempt => {
      const row = this.db.get('SELECT * FROM task_locks WHERE task = ?', [lock.task]);
      const holder = row ? toLock(row) : undefined;
      if (holder && !this.db.locks.holderIsGone(holder.token) && !isStale(holder)) return { acquired: false, holder };
      this.db.run('INSERT OR REPLACE INTO task_locks (task, token, pid, host, command, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        lock.task,
        lock.token,
        lock.pid,
        lock.host,
        lock.command,
        lock.acquiredAt,
        lock.heartbeatAt,
      ]);
      return holder ? { acquired: true, replaced: holder } : { acquired: true };
    });
    if (!attempt.acquired) this.db.locks.letGo(lock.task, lock.token);
    return attempt;
  }

  /**
   * The holder of a task's lock as its row says. A holder that has just taken the server's lock
   * writes its row a moment later: waited for, up to HOLDER_ROW_WAIT_MS, then described as such.
   */
  private lockHolder(task: string): TaskLockRow {
    const giveUpAt = Date.now() + HOLDER_ROW_WAIT_MS;
    for (;;) {
      const row = this.db.get('SELECT * FROM task_locks WHERE task = ?', [task]);
      if (row) return toLock(row);
      if (Date.now() >= giveUpAt) break;
      pauseSync(10);
    }
    const now = new Date().toISOString();
    return { task, token: '', pid: 0, host: 'another connection', command: 'just starting', acquiredAt: now, heartbeatAt: now };
  }

  /** Marks the lock as still held; false when it is no longer ours (taken over as stale, or the server freed it: connection lost). */
  refreshTaskLock(task: string, token: string, at: Date): boolean {
    if (!this.db.locks.stillHolds(task, token)) return false;
    const info = this.db.run('UPDATE task_locks SET heartbeat_at = ? WHERE task = ? AND token = ?', [at.toISOString(), task, token]);
    return info.changes === 1;
  }

  /**
   * True once the lock taken under `token` is known to be lost without asking the database: on
   * MariaDB, when the connection that holds it dropped (a statement since connected again).
   */
  taskLockLost(token: string): boolean {
    return this.db.locks.isLost(token);
  }

  releaseTaskLock(task: string, token: string): void {
    this.db.run('DELETE FROM task_locks WHERE task = ? AND token = ?', [task, token]);
    this.db.locks.letGo(task, token);
  }

  taskLocks(): TaskLockRow[] {
    return this.db.all('SELECT * FROM task_locks ORDER BY task').map(toLock);
  }

  // ---- reads ----

  /** Edits where `column` is `value`, of one task or of all, oldest first. */
  private editsWhere(column: 'page' | 'run_id', value: string | number, task?: string): EditRow[] {
    const rows = task
      ? this.db.all(`SELECT * FROM edits WHERE ${column} = ? AND task = ? ORDER BY id`, [value, task])
      : this.db.all(`SELECT * FROM edits WHERE ${column} = ? ORDER BY id`, [value]);
    return rows.map(toEdit);
  }

  editsOn(page: string, task?: string): EditRow[] {
    return this.editsWhere('page', page, task);
  }

  editsOnPages(pages: readonly string[], task: string): Map<string, EditRow[]> {
    return groupedBy(this.rowsWhereIn('SELECT * FROM edits WHERE task = ? AND page', [task], pages, ' ORDER BY id').map(toEdit), (row) => row.page);
  }

  select(sql: string, params: readonly SqlValue[]): Record<string, unknown>[] {
    return this.db.readOnly([{ sql, params }])[0];
  }

  selectWhereIn(sql: { before: string; after?: string }, params: readonly SqlValue[], values: readonly string[]): Record<string, unknown>[] {
    return this.db.readOnly(questionsWhereIn(sql, params, values)).flat();
  }

  /** True when a signal with this key was ever recorded, open or handled (recording it again changes nothing). */
  hasSignal(key: string): boolean {
    return this.db.get('SELECT 1 AS found FROM signals WHERE `key` = ?', [key]) !== undefined;
  }

  openSignals(types?: readonly string[]): Signal[] {
    const rows = this.db.all('SELECT * FROM signals WHERE handled_at IS NULL ORDER BY id') as any[];
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
    const row = this.db.get('SELECT * FROM reminders WHERE `key` = ?', [key]);
    return row ? toReminder(row) : undefined;
  }

  remindersWithKeys(keys: readonly string[]): Map<string, ReminderRow> {
    return new Map(this.rowsWhereIn('SELECT * FROM reminders WHERE `key`', [], keys).map(toReminder).map((row) => [row.key, row]));
  }

  /**
   * `posted_at` holds UTC timestamps in ISO form, with milliseconds (the bot's clock) or without (a
   * revision's timestamp, recovered from the wiki), so the text the database compares is only up to
   * the second (no instant at or after `since` is left out) and the milliseconds are compared here.
   * The index on (talk_page, posted_at) answers it.
   */
  remindersOnPagesSince(talkPages: readonly string[], since: Date): Map<string, ReminderRow[]> {
    const sinceSecond = since.toISOString().slice(0, 'YYYY-MM-DDTHH:MM:SS'.length);
    const rows = this.rowsWhereIn('SELECT * FROM reminders WHERE posted_at >= ? AND talk_page', [sinceSecond], talkPages)
      .map(toReminder)
      .filter((row) => Date.parse(row.postedAt) >= since.getTime());
    return groupedBy(rows.sort((a, b) => byCodePoint(a.postedAt, b.postedAt)), (row) => row.talkPage);
  }

  private rowsWhereIn(select: string, params: readonly SqlValue[], values: readonly string[], orderBy = ''): Record<string, unknown>[] {
    return this.db.allMany(questionsWhereIn({ before: select, after: orderBy }, params, values)).flat();
  }

  taskState<T>(task: string, key: string): T | undefined {
    const row = this.db.get('SELECT value FROM task_state WHERE task = ? AND `key` = ?', [task, key]) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  taskStates<T>(task: string, keys: readonly string[]): Map<string, T> {
    const rows = this.rowsWhereIn('SELECT `key`, value FROM task_state WHERE task = ? AND `key`', [task], keys) as Array<{ key: string; value: string }>;
    return new Map(rows.map((row) => [row.key, JSON.parse(row.value) as T]));
  }

  recentRuns(limit: number, task?: string): RunRow[] {
    const rows = task
      ? this.db.all('SELECT * FROM runs WHERE task = ? ORDER BY id DESC LIMIT ?', [task, limit])
      : this.db.all('SELECT * FROM runs ORDER BY id DESC LIMIT ?', [limit]);
    return rows.map(toRun);
  }

  /** The latest finished run of `task` that was allowed to write (not a dry-run). */
  lastAppliedRun(task: string): RunRow | undefined {
    const row = this.db.get('SELECT * FROM runs WHERE task = ? AND dry_run = 0 AND ended_at IS NOT NULL ORDER BY id DESC LIMIT 1', [task]);
    return row ? toRun(row) : undefined;
  }

  /** The latest finished runs of `task` that saved something, newest first. */
  lastRunsWithEdits(task: string, limit: number): RunRow[] {
    return this.db.all('SELECT * FROM runs WHERE task = ? AND dry_run = 0 AND ended_at IS NOT NULL AND edits > 0 ORDER BY id DESC LIMIT ?', [task, limit]).map(toRun);
  }

  editsOfRun(runId: number, task?: string): EditRow[] {
    return this.editsWhere('run_id', runId, task);
  }

  recentEdits(limit: number): EditRow[] {
    return this.db.all('SELECT * FROM edits ORDER BY id DESC LIMIT ?', [limit]).map(toEdit);
  }

  /** The wiki this ledger describes, once a command has connected to one with it. */
  wikiIdentity(): WikiIdentity | undefined {
    const row = this.db.get('SELECT api_url, wiki_id, recorded_at FROM wiki_identity WHERE id = 1') as
      | { api_url: string; wiki_id: string; recorded_at: string }
      | undefined;
    return row && { apiUrl: row.api_url, wikiId: row.wiki_id, recordedAt: row.recorded_at };
  }

  recordWikiIdentity(identity: Omit<WikiIdentity, 'recordedAt'>, at: Date): void {
    this.db.run('INSERT OR REPLACE INTO wiki_identity (id, api_url, wiki_id, recorded_at) VALUES (1, ?, ?, ?)', [identity.apiUrl, identity.wikiId, at.toISOString()]);
  }

  /** Removes the ledger's memory of a reminder (used by tests that prove the wiki's marker suffices). */
  forgetReminder(key: string): void {
    this.db.run('DELETE FROM reminders WHERE `key` = ?', [key]);
  }
}

/**
 * `before IN (values) after`, the values asked VALUES_PER_QUESTION at a time: questions to send
 * together (on MariaDB one round trip for 10,000 values, not twenty).
 */
function questionsWhereIn(sql: { before: string; after?: string }, params: readonly SqlValue[], values: readonly string[]): Question[] {
  return batchesOf([...new Set(values)], VALUES_PER_QUESTION).map((batch) => ({
    sql: `${sql.before} IN (${batch.map(() => '?').join(', ')})${sql.after ?? ''}`,
    params: [...params, ...batch],
  }));
}
