// The shared backend: a MariaDB/MySQL database (Toolforge's ToolsDB, or any server several machines
// reach). The `mariadb` connector runs in a worker thread (mariadb-worker.js); this thread waits for
// each answer through synckit, so the ledger keeps its synchronous interface. Task locks are the
// server's named locks (GET_LOCK), held by this connection: when a job dies, its connection drops
// and the server frees the lock, on whichever machine the job ran.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type * as Synckit from 'synckit';
import type { SqlValue } from '../task-ledger';
import type { LedgerBackend, LockArbiter, Question, Row, RunInfo } from './backend';
import { statementsOf, toMariaDb } from './sql-dialect';

/** Where the database is and who logs in, as the config gave it (src/ledger/ledger-location.ts). */
export interface MariaDbTarget {
  host: string;
  port: number;
  socketPath?: string;
  user: string;
  password: string;
  database: string;
  /** The setting(s) it came from, for messages: "ledger.url" or "ledger.mycnf". */
  setting: string;
}

type WorkerAnswer =
  | { ok: true; threadId: number; rows?: Row[]; changes?: number; lastInsertId?: number; rowsOfEach?: Row[][] }
  | { ok: false; message: string; code: string | null; fatal: boolean; sql?: string };

type WorkerRequest =
  /** Answers once the worker runs (its heap made): see startWorker. */
  | { op: 'started' }
  | { op: 'open'; id: number; options: Record<string, unknown> }
  | { op: 'query'; id: number; sql: string; params: readonly SqlValue[]; inTransaction: boolean }
  /** Several queries in one round trip, one after the other on the connection; the rows of each. */
  | { op: 'queries'; id: number; questions: readonly Question[]; inTransaction: boolean }
  | { op: 'close'; id: number };

/** Longest answer a ledger statement may take (a migration's lock waits up to MIGRATION_LOCK_WAIT_S). */
const ANSWER_TIMEOUT_MS = 90_000;
const MIGRATION_LOCK_WAIT_S = 60;
/** MySQL refuses lock names longer than 64 characters. */
const LOCK_NAME_MAX = 64;

/** synckit (0.7 MB of heap, 17 ms to load) is loaded when a MariaDB ledger is first asked, not with the SQLite default. */
function synckit(): typeof Synckit {
  return require('synckit') as typeof Synckit;
}

type AskWorker = (request: WorkerRequest) => WorkerAnswer;

let askWorker: AskWorker | undefined;
let nextConnectionId = 1;

/**
 * The young generation of the worker's heap, per semi-space. V8 gives a new thread's heap the
 * process's --max-semi-space-size (YOUNG_GENERATION_OPTION), which overrides a Worker's
 * resourceLimits; loading the connector alone grows the worker's young generation to it, though the
 * thread then only passes a few statements and rows. At 1 MB a MariaDB ledger's run has 4-6 MB less
 * peak RSS at the same CPU time (talk-reminders at 1,000 pages, the benchmark's child process run
 * alone; README "Performance").
 */
const WORKER_YOUNG_GENERATION_OPTION = '--max-semi-space-size=1';

/**
 * The process's own young-generation option, given back once the worker's heap is made ("=0": V8's
 * default). The deployment gives it in NODE_OPTIONS (deploy/), which process.execArgv does not
 * show; an option on the command line comes after NODE_OPTIONS and wins, so the last one counts.
 */
function processYoungGenerationOption(): string {
  const options = [...(process.env.NODE_OPTIONS ?? '').split(/\s+/), ...process.execArgv];
  const given = options.filter((arg) => /^--max[-_]semi[-_]space[-_]size=/.test(arg)).pop();
  return given ?? '--max-semi-space-size=0';
}

/**
 * Starts the driver's thread with WORKER_YOUNG_GENERATION_OPTION. V8 reads the option once, when a
 * heap is made (the process's own heap was made at start-up and keeps its size); the worker's heap
 * is made on its own thread, so the option stays set until the worker has answered once.
 */
function startWorker(file: string): AskWorker {
  v8.setFlagsFromString(WORKER_YOUNG_GENERATION_OPTION);
  try {
    const ask: AskWorker = synckit().createSyncFn(file, { timeout: ANSWER_TIMEOUT_MS });
    ask({ op: 'started' });
    return ask;
  } finally {
    v8.setFlagsFromString(processYoungGenerationOption());
  }
}

function worker(): AskWorker {
  if (!askWorker) {
    const file = path.join(__dirname, 'mariadb-worker.js');
    // Without it the first answer would only time out: say what is missing instead (a build that did not copy it).
    if (!fs.existsSync(file)) throw new Error(`The MariaDB ledger's worker ${file} is missing: build with allowJs so that it is copied beside mariadb-backend.js`);
    askWorker = startWorker(file);
  }
  return askWorker;
}

/** The ledger database did not answer, or refused this login: names the setting to check. */
export class LedgerUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerUnreachableError';
  }
}

export function describeTarget(target: MariaDbTarget): string {
  const at = target.socketPath ? `socket ${target.socketPath}` : `${target.host}:${target.port}`;
  return `MariaDB ${target.user}@${at}/${target.database}`;
}

function quoteName(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** Held named locks by token: the connection (thread) that took each. */
interface HeldLock {
  name: string;
  threadId: number;
}

export class MariaDbBackend implements LedgerBackend {
  readonly kind = 'mariadb';
  readonly where: string;
  readonly setting: string;
  readonly locks: LockArbiter;
  private readonly id = nextConnectionId++;
  private threadId: number;
  private open = true;
  private inTransaction = false;
  private readonly held = new Map<string, HeldLock>();

  constructor(private readonly target: MariaDbTarget) {
    this.where = describeTarget(target);
    this.setting = target.setting;
    this.threadId = this.connect();
    this.locks = this.lockArbiter();
  }

  /**
   * Connects, creates the database if it is not there, then connects to it (so that a reconnection
   * is to it too), and makes new tables binary-collated UTF-8 like SQLite's text.
   */
  private connect(): number {
    const { host, port, socketPath, user, password } = this.target;
    // Statements with long parameters are prepared (mariadb-worker.js); ToolsDB is shared, so this connection keeps few.
    const options = { host, port, socketPath, user, password, connectTimeout: 10_000, charset: 'utf8mb4', bigIntAsNumber: true, insertIdAsNumber: true, decimalAsNumber: true, prepareCacheLength: 16 };
    const database = quoteName(this.target.database);
    this.openConnection(options);
    this.query(`CREATE DATABASE IF NOT EXISTS ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    const threadId = this.openConnection({ ...options, database: this.target.database });
    if (this.tableNames().length === 0) this.query(`ALTER DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    return threadId;
  }

  private openConnection(options: Record<string, unknown>): number {
    const opened = worker()({ op: 'open', id: this.id, options });
    if (!opened.ok) throw this.unreachable(opened.message);
    return opened.threadId;
  }

  private unreachable(reason: string): LedgerUnreachableError {
    return new LedgerUnreachableError(`The ledger database (${this.where}, from ${this.setting} in the config) cannot be used: ${reason}`);
  }

  /** Runs one statement as MariaDB says it. A lost connection is reconnected on the next statement, never inside a transaction. */
  private query(sql: string, params: readonly SqlValue[] = []): WorkerAnswer & { ok: true } {
    return this.ask({ op: 'query', id: this.id, sql: toMariaDb(sql), params, inTransaction: this.inTransaction }, () => sql);
  }

  /** One round trip to the worker; a failure names the statement (`failedSql`: the one the answer blames, as the ledger wrote it). */
  private ask(request: WorkerRequest & { op: 'query' | 'queries' }, failedSql: (answer: { sql?: string }) => string): WorkerAnswer & { ok: true } {
    if (!this.open) throw new Error(`the ledger (${this.where}) is closed`);
    const answer = worker()(request);
    if (!answer.ok) {
      if (answer.fatal) throw this.unreachable(`${answer.message} (the connection was lost; the next statement connects again)`);
      throw new Error(`${answer.message} [${answer.code ?? 'no code'}] in: ${failedSql(answer)}`);
    }
    this.threadId = answer.threadId;
    return answer;
  }

  run(sql: string, params: readonly SqlValue[] = []): RunInfo {
    const answer = this.query(sql, params);
    return { changes: answer.changes ?? 0, lastInsertId: answer.lastInsertId ?? 0 };
  }

  get(sql: string, params: readonly SqlValue[] = []): Row | undefined {
    return this.all(sql, params)[0];
  }

  all(sql: string, params: readonly SqlValue[] = []): Row[] {
    return this.query(sql, params).rows ?? [];
  }

  allMany(questions: readonly Question[]): Row[][] {
    if (questions.length === 0) return [];
    const asMariaDb = questions.map(({ sql, params }) => ({ sql: toMariaDb(sql), params }));
    const answer = this.ask({ op: 'queries', id: this.id, questions: asMariaDb, inTransaction: this.inTransaction }, (failed) => {
      const index = asMariaDb.findIndex((q) => q.sql === failed.sql);
      return questions[Math.max(index, 0)].sql;
    });
    return answer.rowsOfEach ?? [];
  }

  /**
   * A read-only transaction refuses a write; a statement that is no query (DDL commits by itself) is
   * refused before. The transaction and its queries go in one round trip, as allMany's do.
   */
  readOnly(questions: readonly Question[]): Row[][] {
    if (questions.length === 0) return [];
    const writing = questions.find(({ sql }) => !/^\s*(SELECT|WITH)\b/i.test(sql));
    if (writing) throw new Error(`a task's ledger read must be a read-only query: ${writing.sql}`);
    // Inside a ledger transaction, START TRANSACTION would commit it: the reads join it instead.
    if (this.inTransaction) return this.allMany(questions);
    const around = (sql: string): Question => ({ sql, params: [] });
    try {
      return this.allMany([around('START TRANSACTION READ ONLY'), ...questions, around('ROLLBACK')]).slice(1, -1);
    } catch (error) {
      // The ROLLBACK of the round trip was not reached.
      this.rollBack();
      throw error;
    }
  }

  execScript(script: string): void {
    for (const statement of statementsOf(script)) this.query(statement);
  }

  transaction<T>(work: () => T): T {
    if (this.inTransaction) return work();
    this.query('START TRANSACTION');
    this.inTransaction = true;
    try {
      const result = work();
      this.query('COMMIT');
      return result;
    } catch (error) {
      this.rollBack();
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }

  /** Ends the transaction a failed statement left open (no reconnection: a lost connection has none). */
  private rollBack(): void {
    if (this.open) worker()({ op: 'query', id: this.id, sql: 'ROLLBACK', params: [], inTransaction: true });
  }

  /** A named lock of the database around the migration (MariaDB commits each CREATE by itself: no one transaction can). */
  whileMigrating<T>(work: () => T): T {
    const name = this.lockName('migrate');
    const got = this.get('SELECT GET_LOCK(?, ?) AS got', [name, MIGRATION_LOCK_WAIT_S]);
    if (got?.got !== 1) throw new Error(`another process has been migrating the ledger (${this.where}) for ${MIGRATION_LOCK_WAIT_S} s; try again`);
    try {
      return work();
    } finally {
      this.query('SELECT RELEASE_LOCK(?)', [name]);
    }
  }

  tableNames(): string[] {
    return this.all('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name').map((row) => String(row.name));
  }

  columnsOf(table: string): string[] {
    return this.all('SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position', [table]).map(
      (row) => String(row.name),
    );
  }

  /** Lock names are server-wide (ToolsDB is shared by every tool): this database's name keeps them apart. */
  private lockName(what: string): string {
    const name = `deptbot:${this.target.database}:${what}`;
    return name.length <= LOCK_NAME_MAX ? name : `deptbot:${createHash('sha1').update(name).digest('hex')}`;
  }

  private lockArbiter(): LockArbiter {
    return {
      claim: (task, token) => {
        const name = this.lockName(`task:${task}`);
        if (this.get('SELECT GET_LOCK(?, 0) AS got', [name])?.got !== 1) return false;
        this.held.set(token, { name, threadId: this.threadId });
        return true;
      },
      holderIsGone: (token) => this.locks.isLost(token),
      stillHolds: (_task, token) => {
        const lock = this.held.get(token);
        if (!lock) return false;
        try {
          const row = this.get('SELECT IS_USED_LOCK(?) AS holder, CONNECTION_ID() AS me', [lock.name]);
          return row?.holder === lock.threadId && row?.me === lock.threadId;
        } catch {
          return false;
        }
      },
      isLost: (token) => this.held.get(token)?.threadId !== this.threadId,
      letGo: (_task, token) => {
        const lock = this.held.get(token);
        this.held.delete(token);
        if (lock && lock.threadId === this.threadId && this.open) this.query('SELECT RELEASE_LOCK(?)', [lock.name]);
      },
    };
  }

  get isOpen(): boolean {
    return this.open;
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    worker()({ op: 'close', id: this.id });
  }
}
