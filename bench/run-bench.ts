// `npm run bench`: every registered task planned (dry-run) over departments of 1,000 and 10,000
// pages on a private wiki, against the lower bound of API requests and the time of those minimal
// requests sent with a plain HTTP client. Prints a Markdown table for the README's Performance section.
// Options: --sizes 1000,10000  --repeat 3  --port 18797  --data /tmp/deptbot-wiki-bench  --tasks a,b  --timeout 1800 (s per process)
//          --ledger-server mysql://user:password@host:port/prefix (each run's ledger a fresh MariaDB database, dropped at the end; SQLite files otherwise)
//          --compare-backends (with --ledger-server: each round plans on SQLite and on MariaDB, one after the other; a table for each and the verdicts that differ)
// The private wiki is stopped at the end; its data folder (with the imported pages) is kept for the next run.
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ledgerLocation, openBackend } from '../src/ledger/ledger-location';
import { YOUNG_GENERATION_OPTION } from '../src/process-heap';
import { registeredTasks } from '../tasks';
import { startTranslateReplay } from '../test/support/translate-replay';
import { ensureDepartment, startBenchWiki, stopBenchWiki, type BenchWiki } from './bench-wiki';
import type { ChildResult } from './plan-child';
import { peers } from './peers';
import { departmentOf, HIGH_LIMITS, NORMAL_LIMITS, totalRequests, workloads } from './task-workloads';
import { TRANSLATED_DEPARTMENT_LANGUAGES } from './translated-department';
import { benchDatabasePrefix } from './run-one';
import { benchGroupStats, RECORDINGS_DIR, TRANSLATED_LANGUAGES } from './translate-stats';

interface Options {
  sizes: number[];
  repeat: number;
  port: number;
  dataDir: string;
  tasks: string[] | null;
  /** A measured process still running after this many seconds is stopped, and its row reported as not measured. */
  timeoutSeconds: number;
  /** A MariaDB server (mysql://user:password@host:port/prefix) for the measured runs' ledgers; SQLite files when null. */
  ledgerServer: string | null;
  /** Each round plans with a SQLite ledger and with one on `ledgerServer`. */
  compareBackends: boolean;
}

function readOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? undefined : argv[at + 1];
  };
  return {
    sizes: (value('sizes') ?? '1000,10000').split(',').map(Number),
    repeat: Number(value('repeat') ?? 3),
    port: Number(value('port') ?? 18797),
    dataDir: value('data') ?? path.join(os.tmpdir(), 'deptbot-wiki-bench'),
    tasks: value('tasks')?.split(',') ?? null,
    timeoutSeconds: Number(value('timeout') ?? 1800),
    ledgerServer: value('ledger-server') ?? null,
    compareBackends: argv.includes('--compare-backends'),
  };
}

/** The ledgers each round plans with: a MariaDB server's URL, or null for a SQLite file. */
function ledgersOf({ ledgerServer, compareBackends }: Options): Array<string | null> {
  if (compareBackends && !ledgerServer) throw new Error('--compare-backends needs --ledger-server mysql://user:password@host:port/prefix');
  if (!ledgerServer) return [null];
  return compareBackends ? [null, ledgerServer] : [ledgerServer];
}

const backendName = (ledger: string | null) => (ledger ? 'MariaDB' : 'SQLite');

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** Where a measurement sends its requests: the wiki, or the Translate replay in front of it. */
interface Target {
  apiUrl: string;
  credentialsFile: string;
  timeoutSeconds: number;
  /** The measured task's ledger: a MariaDB server (bench/run-one.ts benchLedger), or null for a SQLite file. */
  ledger?: string | null;
}

/** A task runs with the Node options its deployment starts deptbot with; the peer and the raw client are plain Node. */
function nodeOptionsOf(which: string): string[] {
  return which.includes(':') ? [] : [YOUNG_GENERATION_OPTION];
}

/**
 * One measurement in a fresh node process (its peak RSS is then the run's own). Asynchronous, so
 * that the Translate replay in this process keeps answering while the child runs.
 */
function runChild(which: string, pages: number, target: Target): Promise<ChildResult> {
  const { DEPTBOT_BENCH_LEDGER_SERVER: _inherited, ...env } = process.env;
  if (target.ledger) env.DEPTBOT_BENCH_LEDGER_SERVER = target.ledger;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...nodeOptionsOf(which), path.join(__dirname, 'plan-child.js'), which, String(pages), target.apiUrl, target.credentialsFile],
      { encoding: 'utf8', maxBuffer: 1 << 20, timeout: target.timeoutSeconds * 1000, killSignal: 'SIGKILL', env },
      (error, stdout, stderr) => {
        if (error?.killed) return reject(new Error(`${which} ${pages}: still running after ${target.timeoutSeconds} s (--timeout); stopped`));
        if (error) return reject(new Error(`${which} ${pages}: ${stderr || error.message}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as ChildResult);
      },
    );
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface PeerColumns {
  wall: number;
  cpu: number;
  rssMb: number;
  changedPages: number;
  /** deptbot ÷ peer, the median of the rounds' ratios (each round runs both, one after the other). */
  wallRatio: number;
  cpuRatio: number;
  rssRatio: number;
}

interface Row {
  /** The measured runs' ledger: SQLite or MariaDB. */
  backend: string;
  task: string;
  pages: number;
  requests: number;
  bound: number;
  boundNormal: number;
  rawRequests: number;
  wall: number;
  rawWall: number;
  cpu: number;
  rssMb: number;
  planned: number;
  changedPages: number;
  peer: PeerColumns | null;
}

const ratios = (top: readonly ChildResult[], bottom: readonly ChildResult[], field: (r: ChildResult) => number) =>
  median(top.map((r, round) => field(r) / field(bottom[round])));

function peerColumns(task: readonly ChildResult[], peer: readonly ChildResult[]): PeerColumns | null {
  if (peer.length === 0) return null;
  const cpu = (r: ChildResult) => r.cpuSeconds;
  const rss = (r: ChildResult) => r.maxRssMb;
  const wall = (r: ChildResult) => r.wallSeconds;
  return {
    wall: median(peer.map(wall)),
    cpu: median(peer.map(cpu)),
    rssMb: Math.max(...peer.map(rss)),
    changedPages: peer[0].changedPages,
    wallRatio: ratios(task, peer, wall),
    cpuRatio: ratios(task, peer, cpu),
    rssRatio: ratios(task, peer, rss),
  };
}

/** The measured task's runs on one ledger as a row, beside the rounds' peer and minimal requests. */
function rowOf(taskName: string, pages: number, backend: string, task: readonly ChildResult[], others: { peer: ChildResult[]; raw: ChildResult[] }): Row {
  const workload = workloads[taskName];
  const department = departmentOf(taskName, pages);
  const { raw } = others;
  return {
    backend,
    task: taskName,
    pages,
    requests: Math.max(...task.map((r) => r.requests)),
    bound: totalRequests(workload.lowerBound(department, HIGH_LIMITS)),
    boundNormal: totalRequests(workload.lowerBound(department, NORMAL_LIMITS)),
    rawRequests: Math.max(...raw.map((r) => r.requests)),
    wall: median(task.map((r) => r.wallSeconds)),
    rawWall: median(raw.map((r) => r.wallSeconds)),
    cpu: median(task.map((r) => r.cpuSeconds)),
    rssMb: Math.max(...task.map((r) => r.maxRssMb)),
    planned: task[0].planned,
    changedPages: task[0].changedPages,
    peer: peerColumns(task, others.peer),
  };
}

/**
 * Each round runs deptbot (on each ledger), its peer script (when the task has one) and the minimal
 * requests, one after the other in fresh processes, so that the machine's drift falls on all alike.
 * A row per ledger.
 */
async function measure(taskName: string, pages: number, target: Target, repeat: number, ledgers: ReadonlyArray<string | null>): Promise<Row[]> {
  // Warm the wiki's caches (SQLite pages, PHP opcache) so neither side pays for the first read.
  await runChild(`raw:${taskName}`, pages, target);
  const tasks: ChildResult[][] = ledgers.map(() => []);
  const others: { peer: ChildResult[]; raw: ChildResult[] } = { peer: [], raw: [] };
  for (let round = 0; round < repeat; round++) {
    for (const [index, ledger] of ledgers.entries()) tasks[index].push(await runChild(taskName, pages, { ...target, ledger }));
    if (peers[taskName]) others.peer.push(await runChild(`peer:${taskName}`, pages, target));
    others.raw.push(await runChild(`raw:${taskName}`, pages, target));
    const planned = ledgers.map((ledger, index) => `${tasks[index][round].wallSeconds.toFixed(2)} s (${backendName(ledger)})`).join(', ');
    const peerWall = others.peer[round] ? `, peer ${others.peer[round].wallSeconds.toFixed(2)} s` : '';
    log(`${taskName} ${pages}: round ${round + 1}: ${planned}${peerWall}, raw ${others.raw[round].wallSeconds.toFixed(2)} s`);
  }
  return ledgers.map((ledger, index) => rowOf(taskName, pages, backendName(ledger), tasks[index], others));
}

const TARGETS = { requestRatio: 1.05, wallRatio: 1.5, rssMbAt10000: 200, peerWallRatio: 1.0, peerCpuRatio: 1.5, rssMb: 120 };

const mark = (ok: boolean) => (ok ? '' : ' ✗');

/** Whether a row meets each target (the peer's only when the task has a peer). */
function verdicts(row: Row): Record<'requests' | 'wall' | 'rss' | 'peerWall' | 'peerCpu', boolean> {
  return {
    requests: row.requests / row.bound <= TARGETS.requestRatio,
    wall: row.wall / row.rawWall <= TARGETS.wallRatio,
    rss: row.rssMb <= TARGETS.rssMb && (row.pages < 10000 || row.rssMb <= TARGETS.rssMbAt10000),
    peerWall: !row.peer || row.peer.wallRatio <= TARGETS.peerWallRatio,
    peerCpu: !row.peer || row.peer.cpuRatio <= TARGETS.peerCpuRatio,
  };
}

function formatPeer(peer: PeerColumns | null, met: ReturnType<typeof verdicts>): string {
  if (!peer) return '— | — | — | — | — | —';
  const { wallRatio, cpuRatio, rssRatio } = peer;
  return `${peer.wall.toFixed(2)} | ${peer.cpu.toFixed(2)} | ${peer.rssMb.toFixed(0)} | ${wallRatio.toFixed(2)}${mark(met.peerWall)} | ${cpuRatio.toFixed(2)}${mark(met.peerCpu)} | ${rssRatio.toFixed(2)}`;
}

function formatRow(row: Row): string {
  const met = verdicts(row);
  return `| ${row.task} | ${row.pages} | ${row.planned} | ${row.requests} | ${row.bound} (${row.boundNormal}) | ${(row.requests / row.bound).toFixed(2)}${mark(met.requests)} | ${row.wall.toFixed(2)} | ${row.rawWall.toFixed(2)} | ${(row.wall / row.rawWall).toFixed(2)}${mark(met.wall)} | ${row.cpu.toFixed(2)} | ${row.rssMb.toFixed(0)}${mark(met.rss)} | ${formatPeer(row.peer, met)} |`;
}

/** With --compare-backends: each task and size whose verdicts differ between the ledgers, and on which target. */
function differingVerdicts(rows: readonly Row[]): string[] {
  const [first, ...others] = [...new Set(rows.map((r) => r.backend))];
  if (others.length === 0) return [];
  const lines = rows
    .filter((row) => row.backend !== first)
    .flatMap((row) => {
      const base = rows.find((r) => r.backend === first && r.task === row.task && r.pages === row.pages);
      if (!base) return [];
      const [mine, theirs] = [verdicts(row), verdicts(base)];
      const differing = (Object.keys(mine) as Array<keyof typeof mine>).filter((target) => mine[target] !== theirs[target]);
      return differing.length ? [`${row.task} at ${row.pages} pages: ${differing.map((t) => `${t} ${theirs[t] ? 'met' : 'missed'} on ${first}, ${mine[t] ? 'met' : 'missed'} on ${row.backend}`).join('; ')}`] : [];
    });
  return [`Verdicts that differ between ${first} and ${others.join(', ')}: ${lines.length ? '' : 'none.'}`, ...lines.map((line) => `- ${line}`)];
}

/** The lines under the table: targets, and every number that does not match what it should. */
function footnotes(rows: readonly Row[], unmeasured: readonly string[], failed: readonly string[]): string[] {
  return [
    `Targets: requests ≤ ${TARGETS.requestRatio} × bound, wall ≤ ${TARGETS.wallRatio} × minimal, peak RSS ≤ ${TARGETS.rssMb} MB (and ≤ ${TARGETS.rssMbAt10000} MB at 10,000 pages), wall ≤ ${TARGETS.peerWallRatio} × peer, CPU ≤ ${TARGETS.peerCpuRatio} × peer; ✗ marks a miss.`,
    ...rows.filter((r) => r.rawRequests !== r.bound).map((r) => `Note: the plain client sent ${r.rawRequests} requests for ${r.task} at ${r.pages} pages, not the bound ${r.bound}.`),
    ...rows
      .filter((r) => r.peer && r.peer.changedPages !== r.changedPages)
      .map((r) => `Note: ${r.task} at ${r.pages} pages: deptbot planned ${r.changedPages} changed pages, its peer ${r.peer?.changedPages}.`),
    ...[...new Set(rows.map((r) => r.task))].map((name) => {
      const workload = workloads[name];
      const sizes = [...new Set(rows.filter((r) => r.task === name).map((r) => r.pages))];
      const realTranslate = sizes.filter((size) => departmentOf(name, size).translated);
      const replayedSizes = sizes.filter((size) => workload.viaTranslateReplay?.(departmentOf(name, size)));
      const replayed =
        (realTranslate.length ? `; at ${realTranslate.join(', ')} pages on pages marked for translation by the wiki's Translate, translated into ${TRANSLATED_DEPARTMENT_LANGUAGES.length} languages` : '') +
        (replayedSizes.length
          ? `; at ${replayedSizes.join(', ')} pages against the Translate replay, whose statistics (bench/translate-stats.ts) mark every page for translation with ${TRANSLATED_LANGUAGES.length} languages translated`
          : '');
      const before = workload.previousRun ? '; a run before kept figures of every page, a third of which changed since (the trend column; its fixture\'s CPU left out)' : '';
      return `${name}: per-run requests in the bound: ${workload.fixedRequests}${replayed}${before}.`;
    }),
    ...unmeasured.map((name) => `Not measured: ${name} (no workload in bench/task-workloads.ts).`),
    ...failed.map((line) => `Not measured: ${line}.`),
  ];
}

/**
 * Drops the measured runs' databases (and the prefix's own, which the connection made) on the ledger
 * server, as each SQLite run's scratch folder is removed: a session of benchmarks left dozens.
 */
function dropBenchDatabases(server: string): void {
  const prefix = benchDatabasePrefix(server);
  const backend = openBackend(ledgerLocation({ url: server }, process.cwd()));
  try {
    const likePrefix = prefix.replace(/[\\_%]/g, '\\$&');
    const names = backend.all('SHOW DATABASES LIKE ?', [`${likePrefix}\\_%`]).map((row) => String(Object.values(row)[0]));
    for (const name of [...names, prefix]) backend.run(`DROP DATABASE IF EXISTS \`${name.replace(/`/g, '``')}\``);
    log(`dropped ${names.length} run database(s) on the ledger server`);
  } finally {
    backend.close();
  }
}

interface Measured {
  rows: Row[];
  /** Tasks with no workload. */
  unmeasured: string[];
  /** Measurements that failed, each its first line. */
  failed: string[];
}

/** Every chosen task at every size, its department put in place first, on the wiki or on the Translate replay in front of it. */
async function measureAll(wiki: BenchWiki, chosen: typeof registeredTasks, options: Options, ledgers: ReadonlyArray<string | null>): Promise<Measured> {
  const runs = chosen.flatMap((task) => options.sizes.map((size) => ({ task: task.name, department: departmentOf(task.name, size) })));
  for (const department of new Map(runs.map((run) => [run.department.root, run.department])).values()) {
    const { setupSeconds } = await ensureDepartment(wiki, department, log);
    if (setupSeconds >= 1) log(`${department.root}: put in place in ${setupSeconds.toFixed(0)} s`);
  }
  const credentialsFile = path.join(wiki.dataDir, 'credentials.json');
  const replay = runs.some(({ task, department }) => workloads[task]?.viaTranslateReplay?.(department))
    ? await startTranslateReplay({ target: wiki.apiUrl.replace(/\/api\.php$/, ''), dir: RECORDINGS_DIR, groupStats: benchGroupStats() })
    : null;
  const measured: Measured = { rows: [], unmeasured: chosen.filter((task) => !workloads[task.name]).map((task) => task.name), failed: [] };
  try {
    for (const { task, department } of runs.filter((run) => workloads[run.task])) {
      const target = { apiUrl: replay && workloads[task].viaTranslateReplay?.(department) ? replay.apiUrl : wiki.apiUrl, credentialsFile, timeoutSeconds: options.timeoutSeconds };
      try {
        const rows = await measure(task, department.pages, target, options.repeat, ledgers);
        measured.rows.push(...rows);
        for (const row of rows) log(`${row.backend}: ${formatRow(row)}`);
      } catch (error) {
        measured.failed.push(error instanceof Error ? error.message.split('\n')[0] : String(error));
        log(`not measured: ${measured.failed[measured.failed.length - 1]}`);
      }
    }
  } finally {
    await replay?.close();
  }
  return measured;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const ledgers = ledgersOf(options);
  const chosen = registeredTasks.filter((task) => !options.tasks || options.tasks.includes(task.name));
  log(`starting the private wiki on port ${options.port} (${options.dataDir})`);
  const wiki = startBenchWiki(options.port, options.dataDir);
  let measured: Measured;
  try {
    measured = await measureAll(wiki, chosen, options, ledgers);
  } finally {
    stopBenchWiki(wiki);
    if (options.ledgerServer) dropBenchDatabases(options.ledgerServer);
  }
  const { rows, unmeasured, failed } = measured;
  const header = `deptbot benchmark, ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, median of ${options.repeat} runs`;
  const lines = [header, ...ledgers.flatMap((ledger) => tableOf(rows.filter((row) => row.backend === backendName(ledger)), backendName(ledger))), '', ...footnotes(rows, unmeasured, failed), ...differingVerdicts(rows)];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** One ledger's rows as a Markdown table, under the line that names the ledger. */
function tableOf(rows: readonly Row[], backend: string): string[] {
  return [
    '',
    `Ledger on ${backend}:`,
    '',
    '| task | pages | planned edits | requests | lower bound (without apihighlimits) | requests ÷ bound | wall s | minimal requests s | wall ÷ minimal | CPU s | peak RSS MB | peer wall s | peer CPU s | peer RSS MB | wall ÷ peer | CPU ÷ peer | RSS ÷ peer |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(formatRow),
  ];
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
