// Running `deptbot` in tests: in-process through runCli (injected tasks, env, config and streams),
// or as a child process (the built binary, or the real entry point with the test task).
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import YAML from 'yaml';
import { runCli } from '../../../../src/cli/run-cli';
import { Ledger } from '../../../../src/ledger/ledger';
import type { LedgerSettings } from '../../../../src/ledger/ledger-location';
import type { Task } from '../../../../src/core/task';
import { appendTask } from '../../../support/append-task';
import { configDir as repoConfigDir, readCredentials, repoRoot, tempFile, type Role } from '../../../support/local-wiki';
import { registeredTaskLedgers } from '../../../../tasks';

/** A real Writable (winston's stream transport wants one) that keeps what was written. */
export class CapturedStream extends Writable {
  private readonly chunks: string[] = [];

  override _write(chunk: unknown, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(String(chunk));
    done();
  }

  text(): string {
    return this.chunks.join('');
  }
}

export interface CliSetup {
  /** A private folder: config/ (default.yaml and overlays), the ledger and the log file. */
  dir: string;
  configDir: string;
  ledgerPath: string;
  /** The config's `ledger` settings: ledgerPath, unless the options gave a MariaDB ledger. */
  ledger: LedgerSettings;
  logPath: string;
  prefix: string;
  statusPage: string;
  docsPage: string;
  shutoffPage: string;
}

export interface CliSetupOptions {
  prefix: string;
  /** The `tasks:` block of default.yaml; omitted keeps the repository's (for the real registry). */
  tasks?: Record<string, unknown>;
  throttleSeconds?: number;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** Another ledger than the SQLite file in the private folder (e.g. on the tests' MariaDB). */
  ledger?: LedgerSettings;
}

/** A config folder made from the repository's default.yaml, pointed at private pages, ledger and log. */
export function writeCliSetup(options: CliSetupOptions): CliSetup {
  const dir = path.dirname(tempFile('x'));
  const configDir = path.join(dir, 'config');
  fs.mkdirSync(configDir);
  const ledgerPath = path.join(dir, 'data', 'ledger.sqlite');
  const setup: CliSetup = {
    dir,
    configDir,
    ledgerPath,
    ledger: options.ledger ?? { path: ledgerPath },
    logPath: path.join(dir, 'data', 'deptbot.log'),
    prefix: options.prefix,
    statusPage: `${options.prefix}Status`,
    docsPage: `${options.prefix}Tasks`,
    shutoffPage: `${options.prefix}Shutoff`,
  };
  const config = YAML.parse(fs.readFileSync(path.join(repoConfigDir, 'default.yaml'), 'utf8'));
  config.wiki = { ...config.wiki, retryPauseMs: 200, maxRetryWaitMs: 2000 };
  config.bot = { docsPage: setup.docsPage, statusPage: setup.statusPage };
  config.safety = { ...config.safety, shutoffPage: setup.shutoffPage, throttleSeconds: options.throttleSeconds ?? 0 };
  config.ledger = setup.ledger;
  config.log = { level: options.logLevel ?? 'info', file: setup.logPath };
  if (options.tasks) config.tasks = options.tasks;
  fs.writeFileSync(path.join(configDir, 'default.yaml'), YAML.stringify(config));
  return setup;
}

/** Adds config/<name>.yaml to a setup (selected with DEPTBOT_CONFIG=<name>). */
export function writeOverlay(setup: CliSetup, name: string, text: string): void {
  fs.writeFileSync(path.join(setup.configDir, `${name}.yaml`), text);
}

export function cliEnv(role: Role = 'bot'): NodeJS.ProcessEnv {
  const credentials = readCredentials();
  return {
    MW_API_URL: credentials.apiUrl,
    MW_USERNAME: credentials[role].username,
    MW_PASSWORD: credentials[role].password,
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runInProcess(
  args: readonly string[],
  setup: CliSetup,
  /** `stdout`: to look at what was printed while the command runs (e.g. from a test task). */
  options: { tasks?: readonly Task[]; env?: NodeJS.ProcessEnv; stdout?: CapturedStream } = {},
): Promise<CliResult> {
  const stdout = options.stdout ?? new CapturedStream();
  const stderr = new CapturedStream();
  const code = await runCli(['node', 'deptbot', ...args], {
    tasks: options.tasks ?? [appendTask],
    env: options.env ?? cliEnv(),
    configDir: setup.configDir,
    stdout,
    stderr,
    signals: new EventEmitter(),
    clock: () => new Date(),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

export interface ChildRun {
  pid: number;
  kill(signal: NodeJS.Signals): void;
  done: Promise<CliResult>;
}

function spawnNode(nodeArgs: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ChildRun {
  // Only what the test gives: no MW_* or DEPTBOT_* leaking in from the developer's shell.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
  const child = spawn(process.execPath, [...nodeArgs], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { pid: child.pid ?? -1, kill: (signal) => child.kill(signal), done };
}

/** The real entry point (src/cli.ts main: dotenv, process.env, signals) with the test task registered. */
export function spawnTestCli(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ChildRun {
  const helpers = __dirname;
  return spawnNode(
    ['-r', path.join(helpers, 'register-ts.js'), path.join(helpers, 'deptbot-with-test-tasks.ts'), ...args],
    options,
  );
}

export const builtCli = path.join(repoRoot, 'bin', 'deptbot.js');

/** The built binary, as an operator runs it (needs dist/: see ensureBuilt). */
export function spawnBuiltCli(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ChildRun {
  return spawnNode([builtCli, ...args], options);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than src/ and tasks/, as `npm run demo` does. */
export function ensureBuilt(): void {
  const cli = path.join(repoRoot, 'dist', 'src', 'cli.js');
  const sources = Math.max(newestMtime(path.join(repoRoot, 'src')), newestMtime(path.join(repoRoot, 'tasks')));
  if (fs.existsSync(cli) && fs.statSync(cli).mtimeMs >= sources) return;
  // tsc emits even when a work-in-progress file elsewhere has a type error; the build check is
  // `npm run build`, not this test's business.
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'ignore' });
  if (!fs.existsSync(cli)) throw new Error('dist/src/cli.js was not built; run npm run build');
}

/** Reads the setup's ledger (opened and closed around `read`; the bot may be writing it meanwhile). */
export function withLedger<T>(setup: CliSetup, read: (ledger: Ledger) => T): T {
  const ledger = Ledger.open(setup.ledger, registeredTaskLedgers);
  try {
    return read(ledger);
  } finally {
    ledger.close();
  }
}
