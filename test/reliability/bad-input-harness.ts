// What the bad-input corpus runs on: the real `deptbot` entry point (src/cli.ts main) with its own
// environment, config folder and captured output, against the real local wiki; and snapshots of
// pages, so a case can prove that nothing it touched was changed.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli';
import type { WikiClient } from '../../src/wiki/client';
import { configDir as shippedConfigDir, readCredentials } from '../support/local-wiki';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CliCall {
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  configDir: string;
}

/** A stream that keeps what is written (the CLI's logger needs a real stream, not just write()). */
function captured(): { stream: Writable & { isTTY: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY: false },
  );
  return { stream, text: () => chunks.join('') };
}

/** Longer than any case needs (the slowest takes seconds): a case that hangs fails instead of stalling the suite. */
const CLI_TIME_LIMIT_MS = 60_000;

/** Runs `deptbot <args>` in-process, as the real entry point does, with this environment and config folder. */
export async function runDeptbot(call: CliCall): Promise<CliResult> {
  const stdout = captured();
  const stderr = captured();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<number>((resolve) => {
    timer = setTimeout(() => resolve(-1), CLI_TIME_LIMIT_MS);
  });
  const finished = main(['node', 'deptbot', ...call.args], {
    env: call.env,
    configDir: call.configDir,
    stdout: stdout.stream,
    stderr: stderr.stream,
    signals: new EventEmitter(),
    clock: () => new Date(),
    forceExit: () => undefined,
  });
  const exitCode = await Promise.race([finished, timedOut]).finally(() => clearTimeout(timer));
  const limit = exitCode === -1 ? `deptbot did not finish within ${CLI_TIME_LIMIT_MS / 1000} s\n` : '';
  return { exitCode, stdout: stdout.text(), stderr: `${stderr.text()}${limit}` };
}

/** The bot's real credentials for the local wiki, as .env would give them. */
export function botEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const credentials = readCredentials();
  return { MW_API_URL: credentials.apiUrl, MW_USERNAME: credentials.bot.username, MW_PASSWORD: credentials.bot.password, ...extra };
}

export type Settings = Record<string, unknown>;

/**
 * A config folder: config/default.yaml as shipped, made safe for tests (private ledger, no log file,
 * no throttle, short retries, status pages under the test's prefix) with each task's settings
 * replaced by `settings` (tasks left out keep the shipped ones), plus optional overlay files.
 */
export function writeConfigDir(options: { prefix: string; settings: Record<string, Settings>; overlays?: Record<string, string> }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deptbot-bad-input-'));
  const shipped = parse(fs.readFileSync(path.join(shippedConfigDir, 'default.yaml'), 'utf8'));
  const config = {
    ...shipped,
    wiki: { ...shipped.wiki, maxRetries: 2, retryPauseMs: 100, maxRetryWaitMs: 1000, timeoutMs: 10000 },
    bot: { docsPage: `User:DeptBot/${options.prefix}Tasks`, statusPage: `User:DeptBot/${options.prefix}Status` },
    safety: { ...shipped.safety, throttleSeconds: 0 },
    ledger: { path: path.join(dir, 'ledger.sqlite') },
    log: { level: 'warn', file: null },
    tasks: Object.fromEntries(
      Object.entries({ ...shipped.tasks, ...Object.fromEntries(Object.keys(options.settings).map((name) => [name, {}])) }).map(([name, entry]) => [
        name,
        { ...(entry as object), ...(options.settings[name] ? { settings: options.settings[name] } : {}) },
      ]),
    ),
  };
  fs.writeFileSync(path.join(dir, 'default.yaml'), stringify(config));
  for (const [name, text] of Object.entries(options.overlays ?? {})) fs.writeFileSync(path.join(dir, `${name}.yaml`), text);
  return dir;
}

/** What a page is at a moment: its revision and text (null when it does not exist). */
export interface PageSnapshot {
  title: string;
  revId: number | null;
  text: string | null;
}

export async function snapshot(client: WikiClient, titles: readonly string[]): Promise<PageSnapshot[]> {
  const pages = await client.readPages(titles);
  return titles.map((title) => ({ title, revId: pages.get(title)?.revId ?? null, text: pages.get(title)?.text ?? null }));
}

/** The pages whose revision or text differs between two snapshots of the same titles. */
export function changedPages(before: readonly PageSnapshot[], after: readonly PageSnapshot[]): string[] {
  return before.filter((page, i) => page.revId !== after[i]?.revId || page.text !== after[i]?.text).map((page) => page.title);
}

/** The line the CLI printed about `title` ("skipped "T": why" / "failed "T": why"), if any. */
export function outcomeLine(output: string, title: string): string | null {
  return output.split('\n').find((line) => line.includes(`"${title}"`) && /\b(skipped|failed)\b/.test(line))?.trim() ?? null;
}
