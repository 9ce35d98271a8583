// One run of the benchmark's work on a department: deptbot's dry-run of a task, or its peer script
// (bench/peers/). Used by the measured child process (plan-child.ts) and by the test that checks
// that both plan the same changes (test/integration/bench-peers.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Mwn } from 'mwn';
import { batchesOf } from '../src/core/batches';
import { loadConfig } from '../src/config/load-config';
import type { Config } from '../src/config/schema';
import type { PlannedChange } from '../src/core/planned-change';
import type { TaskRunReport } from '../src/core/run-loop';
import { runTask } from '../src/core/run-task';
import { Ledger } from '../src/ledger/ledger';
import { createLogger } from '../src/log/logger';
import { wikiClientOptions } from '../src/runtime';
import { WikiClient } from '../src/wiki/client';
import { registeredTaskLedgers, registeredTasks } from '../tasks';
import type { Department } from './department-dump';
import { peers } from './peers';
import type { OnChange } from './peers/peer';
import { repoRoot } from './repo-root';
import { workloads, type PreviousRun } from './task-workloads';

export interface Credentials {
  bot: { username: string; password: string };
}

function benchConfig(taskName: string, settings: unknown, ledgerPath: string): Config {
  const base = loadConfig([path.join(repoRoot, 'config', 'default.yaml')], registeredTasks);
  const task = registeredTasks.find((t) => t.name === taskName);
  if (!task) throw new Error(`no registered task "${taskName}"`);
  return {
    ...base,
    ledger: benchLedger(ledgerPath),
    log: { level: 'warn', file: null },
    tasks: { ...base.tasks, [taskName]: { ...base.tasks[taskName], settings: task.settingsSchema.parse(settings) } },
  };
}

/**
 * The measured run's ledger: a fresh SQLite file in its scratch folder, or, with `npm run bench --
 * --ledger-server mysql://user:password@host:port/prefix` (DEPTBOT_BENCH_LEDGER_SERVER in the
 * child), a fresh database `<prefix>_<pid>_<scratch>` on that MariaDB server (prefix `deptbot_bench`
 * when none is given), so that no run sees another's rows.
 */
function benchLedger(ledgerPath: string): Config['ledger'] {
  const server = process.env.DEPTBOT_BENCH_LEDGER_SERVER;
  if (!server) return { path: ledgerPath };
  const url = new URL(server);
  url.pathname = `/${benchDatabasePrefix(server)}_${process.pid}_${path.basename(path.dirname(ledgerPath)).replace(/\W/g, '_')}`;
  return { url: url.toString() };
}

/** The prefix of the measured runs' databases on `--ledger-server` (its path, else `deptbot_bench`). */
export function benchDatabasePrefix(server: string): string {
  return new URL(server).pathname.replace(/^\/+|\/+$/g, '') || 'deptbot_bench';
}

function workloadOf(taskName: string) {
  const workload = workloads[taskName];
  if (!workload) throw new Error(`no workload for "${taskName}"`);
  return workload;
}

/** Runs `work` with a scratch folder for the workload's files (schedules, the ledger), removed afterwards. */
async function inScratch<T>(work: (scratchDir: string) => Promise<T>): Promise<T> {
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deptbot-bench-run-'));
  try {
    return await work(scratchDir);
  } finally {
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

/** Pages whose snapshot rows (about ten each, 8 values a row) are written in one statement when the run before is put in the ledger. */
const PAGES_PER_INSERT = 50;

/**
 * Puts translation figures of a run before into the ledger, as translation-status' snapshots of a
 * finished run. A fixture, so written straight into the task's table, a statement for 50 pages (a
 * statement per record would be 100,000 round trips to a MariaDB ledger at 10,000 pages), one batch
 * held at a time.
 */
function keepPreviousRun(ledger: Ledger, taskName: string, { takenAt, titles, figuresOf }: PreviousRun): void {
  const at = new Date(takenAt);
  const runId = ledger.startRun(taskName, 'schedule', false, at);
  const db = ledger.database;
  db.transaction(() => {
    for (const pages of batchesOf(titles, PAGES_PER_INSERT)) {
      const rows = pages.flatMap((page) => (figuresOf(page) ?? []).map((l) => [runId, page, l.code, l.total, l.translated, l.fuzzy, l.proofread, takenAt]));
      if (rows.length === 0) continue;
      const values = rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      db.run(`INSERT INTO translation_snapshots (run_id, page, language, total, translated, fuzzy, proofread, taken_at) VALUES ${values}`, rows.flat());
    }
  });
  ledger.finishRun(runId, at, { result: 'ok', edits: 0, skipped: 0, errors: 0, requests: 0, details: {} });
}

/** The same figures as the peer keeps them: a JSON file in its scratch folder (`previousFile` in its settings), written page by page. */
function writePreviousRun(scratchDir: string, { takenAt, titles, figuresOf }: PreviousRun): string {
  const file = path.join(scratchDir, 'previous-figures.json');
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `{"takenAt":${JSON.stringify(takenAt)},"figures":{`);
    let first = true;
    for (const title of titles) {
      const figures = figuresOf(title);
      if (!figures) continue;
      fs.writeSync(fd, `${first ? '' : ','}${JSON.stringify(title)}:${JSON.stringify(figures)}`);
      first = false;
    }
    fs.writeSync(fd, '}}');
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/** CPU seconds of the whole process (its worker threads included) spent in `work`, to leave out of a measured run's. */
function cpuSecondsOf(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1e6;
}

/** deptbot's dry-run of `taskName` over the department; `onPlanned` sees each part's changes. Times the run itself, login excluded. */
export function planWithDeptbot(
  taskName: string,
  department: Department,
  apiUrl: string,
  credentials: Credentials,
  onPlanned?: (changes: readonly PlannedChange[]) => void,
): Promise<{ report: TaskRunReport; wallSeconds: number; setupCpuSeconds: number }> {
  const task = registeredTasks.find((t) => t.name === taskName);
  if (!task) throw new Error(`no registered task "${taskName}"`);
  return inScratch(async (scratchDir) => {
    const config = benchConfig(taskName, workloadOf(taskName).settings(department, scratchDir), path.join(scratchDir, 'ledger.sqlite'));
    const log = createLogger({ level: 'warn', file: null, pretty: false, secrets: [credentials.bot.password], stream: silent });
    const env = { apiUrl, auth: { kind: 'bot-password' as const, ...credentials.bot }, secrets: [credentials.bot.password] };
    const wiki = await WikiClient.connect(wikiClientOptions(config, env, true, log));
    const ledger = Ledger.open(config.ledger, registeredTaskLedgers);
    try {
      const { previousRun } = workloadOf(taskName);
      const setupCpuSeconds = previousRun ? cpuSecondsOf(() => keepPreviousRun(ledger, taskName, previousRun(department))) : 0;
      const started = performance.now();
      const report = await runTask({ wiki, ledger, config, log, clock: () => new Date(), onPlanned }, { task, trigger: 'cli', dryRun: true });
      const wallSeconds = (performance.now() - started) / 1000;
      if (report.error) throw new Error(`${taskName} failed: ${report.error}`);
      return { report, wallSeconds, setupCpuSeconds };
    } finally {
      ledger.close();
    }
  });
}

/** The peer script of `taskName` over the department, after an mwn login (not timed), as a user would run it. */
export function runPeer(
  taskName: string,
  department: Department,
  apiUrl: string,
  credentials: Credentials,
  onChange: OnChange,
): Promise<{ wallSeconds: number; setupCpuSeconds: number }> {
  const peer = peers[taskName];
  if (!peer) throw new Error(`no peer script for "${taskName}"`);
  return inScratch(async (scratchDir) => {
    const { previousRun, settings: settingsOf } = workloadOf(taskName);
    let previousFile: string | undefined;
    const setupCpuSeconds = previousRun ? cpuSecondsOf(() => (previousFile = writePreviousRun(scratchDir, previousRun(department)))) : 0;
    const settings = { ...(settingsOf(department, scratchDir) as object), ...(previousFile ? { previousFile } : {}) };
    const bot = await Mwn.init({ apiUrl, ...credentials.bot, userAgent: 'deptbot-bench/0.1 (peer script; deptbot-operators@example.org)', silent: true });
    const started = performance.now();
    await peer(bot, settings, new Date(), onChange);
    return { wallSeconds: (performance.now() - started) / 1000, setupCpuSeconds };
  });
}
