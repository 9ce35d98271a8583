// One measured run, in its own process so that its peak RSS is its own: either the task planned
// (dry-run) by the real framework, or the minimal raw requests for the same work.
// Usage: node plan-child.js <task|raw:task> <pages> <apiUrl> <credentials.json>; prints one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config/load-config';
import type { Config } from '../src/config/schema';
import { runTask } from '../src/core/run-task';
import { favourSmallHeap } from '../src/process-heap';
import { Ledger } from '../src/ledger/ledger';
import { createLogger } from '../src/log/logger';
import { wikiClientOptions } from '../src/runtime';
import { WikiClient } from '../src/wiki/client';
import { registeredTasks } from '../tasks';
import { benchDepartment } from './department-dump';
import { RawApi } from './raw-api';
import { repoRoot } from './repo-root';
import { HIGH_LIMITS, workloads } from './task-workloads';

export interface ChildResult {
  requests: number;
  wallSeconds: number;
  maxRssMb: number;
  /** What the run concluded, to show it did the work: planned changes and other outcomes. */
  planned: number;
  otherOutcomes: number;
  result: string;
}

interface Credentials {
  bot: { username: string; password: string };
}

function benchConfig(taskName: string, settings: unknown, ledgerPath: string): Config {
  const base = loadConfig([path.join(repoRoot, 'config', 'default.yaml')], registeredTasks);
  const task = registeredTasks.find((t) => t.name === taskName);
  if (!task) throw new Error(`no registered task "${taskName}"`);
  return {
    ...base,
    ledger: { path: ledgerPath },
    log: { level: 'warn', file: null },
    tasks: { ...base.tasks, [taskName]: { ...base.tasks[taskName], settings: task.settingsSchema.parse(settings) } },
  };
}

const silent = new Writable({ write: (_chunk, _encoding, done) => done() });

async function measureTask(taskName: string, pages: number, apiUrl: string, credentials: Credentials): Promise<ChildResult> {
  const task = registeredTasks.find((t) => t.name === taskName);
  const workload = workloads[taskName];
  if (!task || !workload) throw new Error(`no workload for "${taskName}"`);
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deptbot-bench-run-'));
  const config = benchConfig(taskName, workload.settings(benchDepartment(pages), scratchDir), path.join(scratchDir, 'ledger.sqlite'));
  const log = createLogger({ level: 'warn', file: null, pretty: false, secrets: [credentials.bot.password], stream: silent });
  const env = { apiUrl, auth: { kind: 'bot-password' as const, ...credentials.bot }, secrets: [credentials.bot.password] };
  const wiki = await WikiClient.connect(wikiClientOptions(config, env, true, log));
  const ledger = Ledger.open(config.ledger);
  try {
    const started = performance.now();
    const report = await runTask({ wiki, ledger, config, log, clock: () => new Date() }, { task, trigger: 'cli', dryRun: true });
    const wallSeconds = (performance.now() - started) / 1000;
    if (report.error) throw new Error(`${taskName} failed: ${report.error}`);
    return {
      requests: report.requests,
      wallSeconds,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      planned: report.outcomes.filter((o) => o.status === 'planned').length,
      otherOutcomes: report.outcomes.filter((o) => o.status !== 'planned').length,
      result: report.result,
    };
  } finally {
    ledger.close();
    fs.rmSync(scratchDir, { recursive: true, force: true });
  }
}

async function measureRaw(taskName: string, pages: number, apiUrl: string, credentials: Credentials): Promise<ChildResult> {
  const workload = workloads[taskName];
  if (!workload) throw new Error(`no workload for "${taskName}"`);
  const api = new RawApi(apiUrl, 'deptbot-bench/0.1 (raw baseline; deptbot-operators@example.org)');
  await api.login(credentials.bot.username, credentials.bot.password);
  const loginRequests = api.requestCount;
  const started = performance.now();
  await workload.sendMinimalRequests(api, benchDepartment(pages), HIGH_LIMITS);
  const wallSeconds = (performance.now() - started) / 1000;
  return {
    requests: api.requestCount - loginRequests,
    wallSeconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    planned: 0,
    otherOutcomes: 0,
    result: 'ok',
  };
}

async function main(): Promise<void> {
  const [which, pages, apiUrl, credentialsFile] = process.argv.slice(2);
  const credentials = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as Credentials;
  // A task runs with the heap settings of the deptbot process (bin/deptbot.js); the raw client is plain Node.
  if (!which.startsWith('raw:')) favourSmallHeap();
  const measure = which.startsWith('raw:') ? measureRaw : measureTask;
  const result = await measure(which.replace(/^raw:/, ''), Number(pages), apiUrl, credentials);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
