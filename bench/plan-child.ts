// One measured run, in its own process so that its peak RSS and CPU time are its own: the task planned
// (dry-run) by the real framework, its peer script (bench/peers/), or the minimal raw requests.
// Usage: node plan-child.js <task|peer:task|raw:task> <pages> <apiUrl> <credentials.json>; prints one JSON line.
import './task-heap';
import fs from 'node:fs';
import { RawApi } from './raw-api';
import { planWithDeptbot, runPeer, type Credentials } from './run-one';
import { departmentOf, HIGH_LIMITS, workloads } from './task-workloads';

export interface ChildResult {
  requests: number;
  wallSeconds: number;
  /** User + system CPU time of the whole process (module loading and login included). */
  cpuSeconds: number;
  maxRssMb: number;
  /** What the run concluded, to show it did the work: planned changes (markings included) and other outcomes. */
  planned: number;
  /** Pages whose text the run would change (deptbot: planned edits and new sections; a peer: its count). */
  changedPages: number;
  otherOutcomes: number;
  result: string;
}

/** What one kind of run measured; `setupCpuSeconds` (a fixture put in place before the clock starts) is left out of its CPU time. */
type Measured = Omit<ChildResult, 'cpuSeconds' | 'maxRssMb'> & { setupCpuSeconds: number };

async function measureTask(taskName: string, pages: number, apiUrl: string, credentials: Credentials): Promise<Measured> {
  let changedPages = 0;
  const { report, wallSeconds, setupCpuSeconds } = await planWithDeptbot(taskName, departmentOf(taskName, pages), apiUrl, credentials, (changes) => {
    changedPages += changes.length;
  });
  return {
    requests: report.requests,
    wallSeconds,
    planned: report.outcomes.filter((o) => o.status === 'planned').length,
    changedPages,
    otherOutcomes: report.outcomes.filter((o) => o.status !== 'planned').length,
    result: report.result,
    setupCpuSeconds,
  };
}

async function measurePeer(taskName: string, pages: number, apiUrl: string, credentials: Credentials): Promise<Measured> {
  let changedPages = 0;
  const { wallSeconds, setupCpuSeconds } = await runPeer(taskName, departmentOf(taskName, pages), apiUrl, credentials, () => {
    changedPages++;
  });
  return { requests: 0, wallSeconds, planned: changedPages, changedPages, otherOutcomes: 0, result: 'ok', setupCpuSeconds };
}

async function measureRaw(taskName: string, pages: number, apiUrl: string, credentials: Credentials): Promise<Measured> {
  const workload = workloads[taskName];
  if (!workload) throw new Error(`no workload for "${taskName}"`);
  const api = new RawApi(apiUrl, 'deptbot-bench/0.1 (raw baseline; deptbot-operators@example.org)');
  await api.login(credentials.bot.username, credentials.bot.password);
  const loginRequests = api.requestCount;
  const started = performance.now();
  await workload.sendMinimalRequests(api, departmentOf(taskName, pages), HIGH_LIMITS);
  const wallSeconds = (performance.now() - started) / 1000;
  return { requests: api.requestCount - loginRequests, wallSeconds, planned: 0, changedPages: 0, otherOutcomes: 0, result: 'ok', setupCpuSeconds: 0 };
}

const MEASURES = { task: measureTask, peer: measurePeer, raw: measureRaw };

async function main(): Promise<void> {
  const [which, pages, apiUrl, credentialsFile] = process.argv.slice(2);
  const credentials = JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as Credentials;
  const [kind, taskName] = which.includes(':') ? (which.split(':') as ['peer' | 'raw', string]) : (['task', which] as const);
  const { setupCpuSeconds, ...measured } = await MEASURES[kind](taskName, Number(pages), apiUrl, credentials);
  const usage = process.resourceUsage();
  const result: ChildResult = { ...measured, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 - setupCpuSeconds, maxRssMb: usage.maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
