// deploy/toolforge/jobs.yaml against the task registry: it parses, names every registered task
// exactly once with a valid cron schedule, uses only keys `toolforge jobs load` knows, runs each
// task through run-task.sh (which calls `deptbot run`), writes no log files to the tool's home,
// and is what the generator makes of the registry now. And the production overlay next to it.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadConfig } from '../../../src/config/load-config';
import { isValidCron } from '../../../src/core/schedule';
import { renderJobsYaml, toolforgeJobName, type ToolforgeJob } from '../../../src/daemon/toolforge-jobs';
import { registeredTasks } from '../../../tasks';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { runCli } from '../../../src/cli/run-cli';
import { configDir, repoRoot } from '../../support/local-wiki';

const jobsFile = path.join(repoRoot, 'deploy', 'toolforge', 'jobs.yaml');
const runnerFile = path.join(repoRoot, 'deploy', 'toolforge', 'run-task.sh');
const overlayFile = path.join(repoRoot, 'deploy', 'toolforge', 'toolforge.yaml');
/** The job keys of `toolforge jobs load` (the jobs API's job model: cmd/imagename are command/image there). */
const LOADER_KEYS = ['name', 'command', 'image', 'schedule', 'continuous', 'emails', 'mount', 'filelog', 'filelog-stdout', 'filelog-stderr', 'mem', 'cpu', 'retry', 'timeout'];

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) });
  return Object.assign(stream, { text: () => chunks.join('') });
}

/** `deptbot <args>` in process with the real registry; what it printed and its exit code. */
async function deptbot(args: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = sink();
  const code = await runCli(['node', 'deptbot', ...args], {
    tasks: registeredTasks,
    env: {},
    configDir,
    stdout,
    stderr: sink(),
    signals: new EventEmitter(),
    clock: () => new Date(),
  });
  return { code, stdout: stdout.text() };
}
const regenerate = 'regenerate it: npm run build && npx deptbot toolforge-jobs --write deploy/toolforge/jobs.yaml';

describe('deploy/toolforge/jobs.yaml', () => {
  const text = fs.readFileSync(jobsFile, 'utf8');
  const jobs = YAML.parse(text) as ToolforgeJob[];

  it('is a YAML list of jobs', () => {
    expect(Array.isArray(jobs)).toBe(true);
  });

  it('names every registered task exactly once, and nothing else', () => {
    const names = jobs.map((job) => job.name);
    expect(names.slice().sort()).toEqual(registeredTasks.map((task) => toolforgeJobName(task.name)).sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives each job a valid cron schedule and a command that runs its task', () => {
    for (const job of jobs) {
      expect({ job: job.name, valid: isValidCron(job.schedule) }).toEqual({ job: job.name, valid: true });
      expect(job.command).toBe(`./deptbot/deploy/toolforge/run-task.sh ${job.name.replace(/^deptbot-/, '')}`);
    }
  });

  it('uses only keys the jobs loader knows, with the home mounted and no log files written to it', () => {
    for (const job of jobs) {
      expect({ job: job.name, unknown: Object.keys(job).filter((key) => !LOADER_KEYS.includes(key)) }).toEqual({ job: job.name, unknown: [] });
      expect({ job: job.name, mount: job.mount, filelog: job.filelog, emails: job.emails }).toEqual({ job: job.name, mount: 'all', filelog: false, emails: 'onfailure' });
    }
  });

  it('runs each task through run-task.sh, which calls an existing command with JSON log lines', async () => {
    expect(fs.statSync(runnerFile).mode & 0o111).not.toBe(0); // executable
    const exec = fs.readFileSync(runnerFile, 'utf8').split('\n').find((line) => line.startsWith('exec '));
    expect(exec).toBe('exec node bin/deptbot.js --log-format json run "$@"');
    const help = await deptbot(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: deptbot run \[options\] \[tasks\.\.\.\]/);
  });

  it(`is current with the registry and config/default.yaml (${regenerate})`, () => {
    const config = loadConfig([path.join(configDir, 'default.yaml')], registeredTasks);
    expect(text).toBe(renderJobsYaml(registeredTasks, config));
  });
});

describe('deploy/toolforge/toolforge.yaml, the production overlay', () => {
  const overlay = YAML.parse(fs.readFileSync(overlayFile, 'utf8'));

  it("points the ledger at ToolsDB through the tool's replica.my.cnf, and writes no log file", () => {
    expect(overlay.ledger).toEqual({ mycnf: expect.stringMatching(/^\/data\/project\/[a-z0-9-]+\/replica\.my\.cnf$/), database: expect.stringMatching(/^s\d+__deptbot$/) });
    expect(overlay.ledger.path).toBeUndefined();
    expect(overlay.log).toEqual({ file: null });
  });

  it('is valid config, its ledger on MariaDB through the option file', () => {
    const config = loadConfig([path.join(configDir, 'default.yaml'), overlayFile], registeredTasks);
    expect(config.log.file).toBeNull();
    expect(config.ledger).toMatchObject({ mycnf: overlay.ledger.mycnf, database: overlay.ledger.database });
  });
});
