// `npm run bench`: every registered task planned (dry-run) over departments of 1,000 and 10,000
// pages on a private wiki, against the lower bound of API requests and the time of those minimal
// requests sent with a plain HTTP client. Prints a Markdown table for the README's Performance section.
// Options: --sizes 1000,10000  --repeat 3  --port 18797  --data /tmp/deptbot-wiki-bench  --tasks a,b
// The private wiki is stopped at the end; its data folder (with the imported pages) is kept for the next run.
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { registeredTasks } from '../tasks';
import { startTranslateReplay } from '../test/support/translate-replay';
import { ensureDepartment, startBenchWiki, stopBenchWiki } from './bench-wiki';
import type { ChildResult } from './plan-child';
import { HIGH_LIMITS, NORMAL_LIMITS, totalRequests, workloads } from './task-workloads';
import { benchDepartment } from './department-dump';
import { repoRoot } from './repo-root';

interface Options {
  sizes: number[];
  repeat: number;
  port: number;
  dataDir: string;
  tasks: string[] | null;
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
  };
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** Where a measurement sends its requests: the wiki, or the Translate replay in front of it. */
interface Target {
  apiUrl: string;
  credentialsFile: string;
}

/**
 * One measurement in a fresh node process (its peak RSS is then the run's own). Asynchronous, so
 * that the Translate replay in this process keeps answering while the child runs.
 */
function runChild(which: string, pages: number, target: Target): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(__dirname, 'plan-child.js'), which, String(pages), target.apiUrl, target.credentialsFile],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
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

interface Row {
  task: string;
  pages: number;
  requests: number;
  bound: number;
  boundNormal: number;
  rawRequests: number;
  wall: number;
  rawWall: number;
  rssMb: number;
  planned: number;
}

async function measure(taskName: string, pages: number, target: Target, repeat: number): Promise<Row> {
  const workload = workloads[taskName];
  const department = benchDepartment(pages);
  // Warm the wiki's caches (SQLite pages, PHP opcache) so neither side pays for the first read.
  await runChild(`raw:${taskName}`, pages, target);
  const task: ChildResult[] = [];
  const raw: ChildResult[] = [];
  for (let round = 0; round < repeat; round++) {
    task.push(await runChild(taskName, pages, target));
    raw.push(await runChild(`raw:${taskName}`, pages, target));
    log(`${taskName} ${pages}: round ${round + 1}: ${task[round].wallSeconds.toFixed(2)} s vs raw ${raw[round].wallSeconds.toFixed(2)} s`);
  }
  return {
    task: taskName,
    pages,
    requests: Math.max(...task.map((r) => r.requests)),
    bound: totalRequests(workload.lowerBound(department, HIGH_LIMITS)),
    boundNormal: totalRequests(workload.lowerBound(department, NORMAL_LIMITS)),
    rawRequests: Math.max(...raw.map((r) => r.requests)),
    wall: median(task.map((r) => r.wallSeconds)),
    rawWall: median(raw.map((r) => r.wallSeconds)),
    rssMb: Math.max(...task.map((r) => r.maxRssMb)),
    planned: task[0].planned,
  };
}

const TARGETS = { requestRatio: 1.05, wallRatio: 1.5, rssMbAt10000: 200 };

function formatRow(row: Row): string {
  const requestRatio = row.requests / row.bound;
  const wallRatio = row.wall / row.rawWall;
  const mark = (ok: boolean) => (ok ? '' : ' ✗');
  const rssOk = row.pages < 10000 || row.rssMb <= TARGETS.rssMbAt10000;
  return `| ${row.task} | ${row.pages} | ${row.planned} | ${row.requests} | ${row.bound} (${row.boundNormal}) | ${requestRatio.toFixed(2)}${mark(requestRatio <= TARGETS.requestRatio)} | ${row.wall.toFixed(2)} | ${row.rawWall.toFixed(2)} | ${wallRatio.toFixed(2)}${mark(wallRatio <= TARGETS.wallRatio)} | ${row.rssMb.toFixed(0)}${mark(rssOk)} |`;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const chosen = registeredTasks.filter((task) => !options.tasks || options.tasks.includes(task.name));
  log(`starting the private wiki on port ${options.port} (${options.dataDir})`);
  const wiki = startBenchWiki(options.port, options.dataDir);
  for (const size of options.sizes) {
    const { importSeconds } = await ensureDepartment(wiki, size, log);
    if (importSeconds) log(`imported ${size} pages in ${importSeconds.toFixed(0)} s`);
  }
  const credentialsFile = path.join(wiki.dataDir, 'credentials.json');
  const replay = chosen.some((task) => workloads[task.name]?.viaTranslateReplay)
    ? await startTranslateReplay({ target: wiki.apiUrl.replace(/\/api\.php$/, ''), dir: path.join(repoRoot, 'test', 'unit', 'translation-status', 'recordings') })
    : null;
  const rows: Row[] = [];
  const unmeasured: string[] = [];
  try {
    for (const task of chosen) {
      const workload = workloads[task.name];
      if (!workload) {
        unmeasured.push(task.name);
        continue;
      }
      const target = { apiUrl: workload.viaTranslateReplay && replay ? replay.apiUrl : wiki.apiUrl, credentialsFile };
      for (const size of options.sizes) rows.push(await measure(task.name, size, target, options.repeat));
    }
  } finally {
    await replay?.close();
    stopBenchWiki(wiki);
  }
  const lines = [
    `deptbot benchmark, ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, median of ${options.repeat} runs`,
    '',
    '| task | pages | planned edits | requests | lower bound (without apihighlimits) | requests ÷ bound | wall s | minimal requests s | wall ÷ minimal | peak RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(formatRow),
    '',
    `Targets: requests ≤ ${TARGETS.requestRatio} × bound, wall ≤ ${TARGETS.wallRatio} × minimal, peak RSS ≤ ${TARGETS.rssMbAt10000} MB at 10,000 pages; ✗ marks a miss.`,
    ...rows.filter((r) => r.rawRequests !== r.bound).map((r) => `Note: the plain client sent ${r.rawRequests} requests for ${r.task} at ${r.pages} pages, not the bound ${r.bound}.`),
    ...[...new Set(rows.map((r) => r.task))].map((name) => {
      const workload = workloads[name];
      const replayed = workload.viaTranslateReplay ? '; run against the Translate replay (test/support/translate-replay.ts), which answers every page as not marked for translation' : '';
      return `${name}: per-run requests in the bound: ${workload.fixedRequests}${replayed}.`;
    }),
    ...unmeasured.map((name) => `Not measured: ${name} (no workload in bench/task-workloads.ts).`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
