// The CLI without a wiki: usage errors, config errors, list, and exit-code rules.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EXIT_FAILED, EXIT_OK, EXIT_SHUTOFF, EXIT_USAGE, exitCodeForError, exitCodeForReports } from '../../../src/cli/exit-codes';
import { runCli } from '../../../src/cli/run-cli';
import { ConfigError, LockHeldError, LoginError, ShutoffError, UsageError } from '../../../src/core/errors';
import type { Task } from '../../../src/core/task';
import { CapturedStream } from '../../integration/cli/helpers/cli-harness';
import { configDir as repoConfigDir, tempFile } from '../../support/local-wiki';

const sample = (name: string, schedule: string): Task => ({
  name,
  description: `The ${name} task.`,
  edits: 'nothing',
  defaultSchedule: schedule,
  settingsSchema: z.object({}).strict(),
  plan: async function* () {
    yield { actions: [] };
  },
});

/** A config folder with default.yaml's framework settings and the given tasks block. */
function configFolder(tasksYaml: string): string {
  const dir = path.dirname(tempFile('x'));
  const base = fs.readFileSync(path.join(repoConfigDir, 'default.yaml'), 'utf8').replace(/^tasks:[\s\S]*$/m, tasksYaml);
  fs.writeFileSync(path.join(dir, 'default.yaml'), base);
  return dir;
}

async function cli(args: string[], tasks: readonly Task[], configDir: string) {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const code = await runCli(['node', 'deptbot', ...args], {
    tasks,
    env: {},
    configDir,
    stdout,
    stderr,
    signals: new EventEmitter(),
    clock: () => new Date('2026-03-01T10:20:00Z'),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('deptbot list', () => {
  it('shows every registered task with its schedule and next run (UTC)', async () => {
    const tasks = [sample('alpha', '30 4 * * *'), sample('beta', '*/15 * * * *')];
    const dir = configFolder('tasks:\n  beta:\n    schedule: "0 * * * *"\n');

    const result = await cli(['list'], tasks, dir);

    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout.split('\n').map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
      'TASK SCHEDULE (UTC) NEXT RUN DESCRIPTION',
      'alpha 30 4 * * * 2026-03-02 04:30 UTC The alpha task.',
      'beta 0 * * * * 2026-03-01 11:00 UTC The beta task.',
      '',
    ]);
  });

  it('says plainly when no task is registered', async () => {
    const result = await cli(['list'], [], configFolder('tasks: {}\n'));
    expect(result).toMatchObject({ code: EXIT_OK, stdout: 'No tasks are registered (tasks/index.ts is empty).\n' });
  });

  it('exits 2 naming the file, line and setting of a bad schedule', async () => {
    const dir = configFolder('tasks:\n  alpha:\n    schedule: "every day"\n');

    const result = await cli(['list'], [sample('alpha', '30 4 * * *')], dir);

    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/^deptbot: .*default\.yaml:\d+: tasks\.alpha\.schedule: expected a five-field cron expression/);
  });
});

describe('commands that need the wiki', () => {
  it('exit 2 when .env lacks the wiki address, before connecting', async () => {
    const result = await cli(['run', '--all'], [sample('alpha', '30 4 * * *')], configFolder('tasks: {}\n'));
    expect(result).toMatchObject({ code: EXIT_USAGE, stderr: 'deptbot: MW_API_URL is not set: set it in the environment (on Toolforge: toolforge envvars create MW_API_URL) or in .env (see .env.example)\n' });
  });
});

describe('exit codes', () => {
  it.each([
    [new ConfigError('x'), EXIT_USAGE],
    [new UsageError('x'), EXIT_USAGE],
    [new LoginError('x'), EXIT_USAGE],
    [new ShutoffError('User:DeptBot/Shutoff', 'stop'), EXIT_SHUTOFF],
    [new LockHeldError('alpha'), EXIT_FAILED],
    [new Error('bug'), EXIT_FAILED],
  ])('%s → %i', (error, code) => {
    expect(exitCodeForError(error)).toBe(code);
  });

  it.each([
    [['ok', 'ok'], 0, EXIT_OK],
    [['ok', 'failed'], 0, EXIT_FAILED],
    [['ok', 'interrupted'], 0, EXIT_FAILED],
    [['failed', 'shutoff'], 0, EXIT_SHUTOFF],
    [['ok'], 1, EXIT_FAILED],
    [[], 0, EXIT_OK],
  ] as const)('runs %j with %i not run → %i', (results, notRun, code) => {
    expect(exitCodeForReports(results.map((result) => ({ result })), notRun)).toBe(code);
  });
});
