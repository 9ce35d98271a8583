// What an operator's terminal shows (issue 17): the built binary and the real entry point, run as
// an operator runs them. Log lines above the progress bar under a real pseudo-terminal (`script`),
// readable lines when stderr is not a terminal and JSON only when asked for, one sentence and no
// stack for expected failures, an unreachable wiki said as such with its waits (exit 4), and
// mistakes in config and arguments answered with where they are and what was meant.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { WikiClient } from '../../../src/wiki/client';
import { connectAs, humanEdit, repoRoot, uniquePrefix } from '../../support/local-wiki';
import { TerminalScreen } from '../../support/terminal-screen';
import { cliEnv, ensureBuilt, spawnBuiltCli, writeCliSetup, writeOverlay, type CliSetup } from './helpers/cli-harness';

let editor: WikiClient;
const cwd = repoRoot;
const TIMESTAMP_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (info|warn|error|debug) /;

beforeAll(async () => {
  ensureBuilt();
  editor = await connectAs('editor');
});

function run(setup: CliSetup, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnBuiltCli(['--config-dir', setup.configDir, ...args], { cwd, env: { ...cliEnv(), DEPTBOT_CONFIG: '', ...env } }).done;
}

describe('an unreachable wiki', () => {
  const unreachable = { MW_API_URL: 'http://127.0.0.1:1/api.php' };

  it('is said as such, with every wait announced, and exits 4 (not 2, bad config)', async () => {
    const setup = writeCliSetup({ prefix: uniquePrefix('term-unreachable') });
    writeOverlay(setup, 'quick', 'wiki:\n  maxRetries: 2\n');

    const result = await run(setup, ['run', '--all'], { ...unreachable, DEPTBOT_CONFIG: 'quick' });

    expect(result.code).toBe(4);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(TIMESTAMP_LINE);
    expect(lines[0]).toMatch(/ warn wiki unreachable \(ECONNREFUSED\); retrying action=query in 0\.2 s \(retry 1 of 2\)$/);
    expect(lines[1]).toMatch(/ warn wiki unreachable \(ECONNREFUSED\); retrying action=query in 0\.4 s \(retry 2 of 2\)$/);
    expect(lines[2]).toMatch(
      /^deptbot: Could not reach the wiki at http:\/\/127\.0\.0\.1:1\/api\.php: ECONNREFUSED: nothing accepts connections at that address \(3 attempts over 0\.\d s\)$/,
    );
    expect(result.stderr).not.toMatch(/refused|\n\s+at /);
    expect(fs.readFileSync(setup.logPath, 'utf8')).toMatch(/"stack":"WikiUnreachableError: Could not reach the wiki/);
  });

  it('stops `deptbot start` with exit 4, which the systemd unit restarts on', async () => {
    const setup = writeCliSetup({ prefix: uniquePrefix('term-unreachable-start') });
    writeOverlay(setup, 'quick', 'wiki:\n  maxRetries: 1\n');

    const result = await run(setup, ['start'], { ...unreachable, DEPTBOT_CONFIG: 'quick' });

    expect(result.code).toBe(4);
    const unit = fs.readFileSync(path.join(repoRoot, 'deploy', 'systemd', 'deptbot.service'), 'utf8');
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^RestartPreventExitStatus=2$/m);
  });

  it('gives JSON lines only when asked for, with the same content', async () => {
    const setup = writeCliSetup({ prefix: uniquePrefix('term-json') });
    writeOverlay(setup, 'quick', 'wiki:\n  maxRetries: 1\n');

    for (const asked of [['--log-format', 'json'], []]) {
      const env = { ...unreachable, DEPTBOT_CONFIG: 'quick', ...(asked.length ? {} : { DEPTBOT_LOG_FORMAT: 'json' }) };
      const result = await run(setup, [...asked, 'run', '--all'], env);

      // JSON log lines are stdout's only content (what a collector reads); the sentence stays on stderr.
      const logLines = result.stdout.trimEnd().split('\n');
      expect(logLines).toHaveLength(1);
      expect(JSON.parse(logLines[0])).toMatchObject({ level: 'warn', message: 'wiki unreachable (ECONNREFUSED); retrying action=query in 0.2 s (retry 1 of 1)' });
      expect(result.stderr).toMatch(/^deptbot: Could not reach the wiki/);
      expect(result.code).toBe(4);
    }
  });
});

it('a wrong password is one sentence on stderr (exit 2); its stack goes to the log file', async () => {
  const setup = writeCliSetup({ prefix: uniquePrefix('term-login') });

  const result = await run(setup, ['plan', '--all'], { MW_PASSWORD: 'not-the-password' });

  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^deptbot: Could not log in to \S+ as DeptBot@deptbot: [^\n]+\n$/);
  expect(fs.readFileSync(setup.logPath, 'utf8')).toMatch(/"stack":"LoginError: Could not log in/);
});

describe('mistakes in config and arguments', () => {
  it('a misspelt top-level key in an overlay names the overlay, its line and the key meant', async () => {
    const setup = writeCliSetup({ prefix: uniquePrefix('term-typo') });
    writeOverlay(setup, 'bad', 'log:\n  level: info\nsaftey:\n  editBudget: 3\n');

    const result = await run(setup, ['list'], { DEPTBOT_CONFIG: 'bad' });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`deptbot: ${path.join(setup.configDir, 'bad.yaml')}:3: saftey: unknown setting; did you mean "safety"?\n`);
  });

  it('a misspelt task name gets the name meant', async () => {
    const setup = writeCliSetup({ prefix: uniquePrefix('term-task-typo') });

    const result = await run(setup, ['plan', 'historical-baner']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^deptbot: Unknown task "historical-baner" \(did you mean "historical-banner"\?\); known tasks: /);
  });

  it('a schedule file that cannot be read names the setting and the file that set it', async () => {
    const setup = writeCliSetup({ prefix: uniquePrefix('term-schedule') });
    writeOverlay(setup, 'nope', 'tasks:\n  office-hours:\n    settings:\n      scheduleFile: config/nope.yaml\n');

    const result = await run(setup, ['list'], { DEPTBOT_CONFIG: 'nope' });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path.join(setup.configDir, 'nope.yaml')}:4: tasks.office-hours.settings.scheduleFile: config/nope.yaml: cannot be read (ENOENT)`);
  });

  it('plan --page of a page the task does not cover says so', async () => {
    const setup = writeCliSetup({ prefix: uniquePrefix('term-page') });

    const result = await run(setup, ['plan', '--page', 'No such page', 'historical-banner']);

    expect(result.code).toBe(0);
    // Said once, in the task's report (the run loop's note), not again as a warning on stderr.
    expect(result.stdout).toContain('note: --page "No such page": historical-banner has nothing for this page; it is not among the pages the task covers now');
    expect(result.stderr).not.toContain('has nothing for --page');
  });
});

it('plan warns of an active shutoff, naming the page once', async () => {
  const setup = writeCliSetup({ prefix: uniquePrefix('term-shutoff') });
  await humanEdit(editor, setup.shutoffPage, 'Stopped while testing plan.');

  const result = await run(setup, ['plan', '--page', 'No such page', 'historical-banner']);

  expect(result.code).toBe(0);
  expect(result.stderr).toContain(
    `deptbot: warning: Writing is stopped by the shutoff page "${setup.shutoffPage}", which says: Stopped while testing plan.; "run" and "apply" would save nothing of any task until it is lifted`,
  );
});

it('status without a ledger says there is none yet and creates nothing', async () => {
  const setup = writeCliSetup({ prefix: uniquePrefix('term-status') });

  const result = await run(setup, ['status']);

  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^No ledger yet at .*ledger\.sqlite .*: nothing has run with this config/);
  expect(fs.existsSync(setup.ledgerPath)).toBe(false);
});

/** Runs the test-task entry point under a real pseudo-terminal (util-linux `script`) and returns what it drew. */
function underPseudoTerminal(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const helpers = path.join(__dirname, 'helpers');
  const command = [process.execPath, '-r', path.join(helpers, 'register-ts.js'), path.join(helpers, 'deptbot-with-test-tasks.ts'), ...args]
    .map((part) => `'${part.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  const child = spawn('script', ['-qfec', `stty cols 200; ${command}`, '/dev/null'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

it('on a terminal, log lines go above the progress bar, and the report follows them whole', async () => {
  const prefix = uniquePrefix('term-tty');
  const pages = [1, 2, 3].map((n) => `${prefix}Page ${n}`);
  for (const page of pages) await humanEdit(editor, page, `Text of ${page}.`);
  const setup = writeCliSetup({ prefix, throttleSeconds: 1, tasks: { 'test-append': { settings: { pages, line: 'Seen on a terminal' } } } });

  const { code, output } = await underPseudoTerminal(['--config-dir', setup.configDir, 'run', 'test-append'], { ...cliEnv(), DEPTBOT_CONFIG: '' });

  expect(code).toBe(0);
  expect(output).toMatch(/test-append \[.*\] \d\/3 pages/); // the bar was drawn
  const screen = new TerminalScreen();
  screen.write(output);
  const lines = screen.text();
  const applied = lines.filter((line) => line.includes('[test-append run 1] change applied'));
  expect(applied).toHaveLength(3);
  for (const line of applied) expect(line).toMatch(TIMESTAMP_LINE);
  expect(lines.filter((line) => /\d\/3 pages/.test(line))).toEqual([]); // cleared, not overwritten by text
  const report = lines.indexOf('== test-append: ok (ledger run 1) ==');
  expect(report).toBeGreaterThan(lines.indexOf(applied[2]));
  expect(lines.slice(report + 1, report + 4).map((line) => line.trim().split('"')[1])).toEqual(pages);
});

it('a daemon started through a shell that is killed (as `npx deptbot start` under SIGTERM) stops instead of living on', async () => {
  const setup = writeCliSetup({ prefix: uniquePrefix('term-orphan'), tasks: { 'test-append': { schedule: '0 0 1 1 *', settings: { pages: [] } } } });
  const helpers = path.join(__dirname, 'helpers');
  const daemon = [process.execPath, '-r', path.join(helpers, 'register-ts.js'), path.join(helpers, 'deptbot-with-test-tasks.ts')];
  // `; true` keeps the shell from exec-ing node in its place: node stays the shell's child, as under npx.
  const shell = spawn('sh', ['-c', `"$@"; true`, 'sh', ...daemon, '--config-dir', setup.configDir, 'start'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...cliEnv(), DEPTBOT_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let stdout = '';
  shell.stdout.on('data', (chunk) => (stdout += chunk));
  await waitFor(() => stdout.includes('deptbot daemon: scheduling'), 30_000);
  const daemonPid = Number(fs.readFileSync(`/proc/${shell.pid}/task/${shell.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
  expect(isAlive(daemonPid)).toBe(true);

  shell.kill('SIGKILL');

  await waitFor(() => !isAlive(daemonPid), 15_000);
  expect(fs.readFileSync(setup.logPath, 'utf8')).toContain('the process that started the daemon has exited');
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
