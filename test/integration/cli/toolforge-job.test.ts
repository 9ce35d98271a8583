// deptbot as a Toolforge job runs it: the job's own entry point (deploy/toolforge/run-task.sh, the
// command of every job in deploy/toolforge/jobs.yaml) with its secrets in the environment alone, as
// `toolforge envvars` gives them, logging one JSON object per line to stdout, which
// `toolforge jobs logs` collects (the report goes to stderr then). And a missing secret is one sentence naming the variable.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { WikiClient } from '../../../src/wiki/client';
import { configDir as repoConfigDir, connectAs, humanEdit, pageText, repoRoot, uniquePrefix } from '../../support/local-wiki';
import { cliEnv, ensureBuilt, spawnTestCli, writeCliSetup, writeOverlay, type CliResult, type CliSetup } from './helpers/cli-harness';

const runner = path.join(repoRoot, 'deploy', 'toolforge', 'run-task.sh');

let editor: WikiClient;

beforeAll(async () => {
  ensureBuilt();
  editor = await connectAs('editor');
});

/** Runs the job's entry point as Toolforge does: a fresh process with only the job's environment. */
function runJob(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const child = spawn('bash', [runner, ...args], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The repository's tasks, with historical-banner pointed at one private department page. */
function setupWithRetired(prefix: string, department: string): CliSetup {
  const { tasks } = YAML.parse(fs.readFileSync(path.join(repoConfigDir, 'default.yaml'), 'utf8'));
  const banner = tasks['historical-banner'];
  const retired = [{ title: department, retiredOn: '2019-11', comment: 'A test department.', includeSubpages: false }];
  return writeCliSetup({ prefix, tasks: { ...tasks, 'historical-banner': { ...banner, settings: { ...banner.settings, retired, active: [] } } } });
}

function parsedLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return `not JSON: ${line}`;
      }
    });
}

it('the job entry point, with its secrets in the environment alone, logs one JSON object per line', async () => {
  const prefix = uniquePrefix('toolforge-job');
  const department = `${prefix}Retired department`;
  await humanEdit(editor, department, 'What the department did.\n');
  const setup = setupWithRetired(prefix, department);
  // The jobs' overlay is config/toolforge.yaml; here the test's copy of it, without the ToolsDB ledger.
  writeOverlay(setup, 'toolforge', 'log:\n  file: null\n');

  // Every variable deptbot reads is given, so a .env in the checkout could not change any of them.
  const result = await runJob(['historical-banner', '--config-dir', setup.configDir], { ...cliEnv(), MW_OAUTH2_TOKEN: '', DEPTBOT_LOG_FORMAT: '' });

  expect(result.code).toBe(0);
  const records = parsedLines(result.stdout) as Record<string, unknown>[];
  expect(records.filter((record) => typeof record !== 'object' || typeof record.level !== 'string' || typeof record.message !== 'string')).toEqual([]);
  const ofTheTask = records.filter((record) => record.task === 'historical-banner').map((record) => record.message);
  expect(ofTheTask).toEqual(expect.arrayContaining(['run started', 'change applied', 'run finished']));
  expect(records.find((record) => record.message === 'change applied')).toMatchObject({ level: 'info', task: 'historical-banner', page: department, status: 'edited' });
  // stdout is log records only; the command's report is on stderr; and no log file is written to the tool's home.
  expect(parsedLines(result.stderr).filter((line) => typeof line === 'object')).toEqual([]);
  expect(result.stderr).toContain(department);
  expect(fs.existsSync(setup.logPath)).toBe(false);
  expect(await pageText(editor, department)).toMatch(/^\{\{Historical\b/);
});

describe('secrets from the environment, with no .env', () => {
  function appendSetup(prefix: string, pages: string[]): CliSetup {
    const setup = writeCliSetup({ prefix, tasks: { 'test-append': { settings: { pages, line: 'From the environment' } } } });
    expect(fs.existsSync(path.join(setup.dir, '.env'))).toBe(false);
    return setup;
  }

  it('are enough to log in and save', async () => {
    const prefix = uniquePrefix('env-only');
    const page = `${prefix}Page`;
    await humanEdit(editor, page, 'Text.\n');
    const setup = appendSetup(prefix, [page]);

    const result = await spawnTestCli(['--config-dir', setup.configDir, 'run', 'test-append'], { cwd: setup.dir, env: cliEnv() }).done;

    expect(result.code).toBe(0);
    expect(await pageText(editor, page)).toContain('From the environment');
  });

  it.each(['MW_API_URL', 'MW_USERNAME', 'MW_PASSWORD'])('a missing %s is one sentence naming it, and how to set it on Toolforge (exit 2)', async (name) => {
    const setup = appendSetup(uniquePrefix('env-missing'), []);
    const { [name]: _missing, ...env } = cliEnv();

    const result = await spawnTestCli(['--config-dir', setup.configDir, 'run', 'test-append'], { cwd: setup.dir, env }).done;

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`deptbot: ${name} is not set: set it in the environment (on Toolforge: toolforge envvars create ${name}) or in .env (see .env.example)\n`);
    expect(fs.existsSync(setup.ledgerPath)).toBe(false);
  });
});
