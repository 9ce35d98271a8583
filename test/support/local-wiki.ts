// Helpers for integration tests against the real local MediaWiki started by test/wiki/start.sh.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load-config';
import type { Config } from '../../src/config/schema';
import type { Task } from '../../src/core/task';
import { registeredTasks } from '../../tasks';
import type { EnvOptions } from '../../src/env';
import { Ledger } from '../../src/ledger/ledger';
import { createLogger } from '../../src/log/logger';
import { WikiClient } from '../../src/wiki/client';
import { wikiClientOptions, type Runtime } from '../../src/runtime';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const configDir = path.join(repoRoot, 'config');

interface Account {
  username: string;
  password: string;
}

export interface LocalWikiCredentials {
  apiUrl: string;
  serverUrl: string;
  bot: Account;
  editor: Account;
  admin: Account;
}

export function readCredentials(): LocalWikiCredentials {
  const file = path.join(repoRoot, 'test', 'wiki', '.data', 'credentials.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export type Role = 'bot' | 'editor' | 'admin';

export function envFor(role: Role, apiUrl?: string): EnvOptions {
  const credentials = readCredentials();
  const account = credentials[role];
  return {
    apiUrl: apiUrl ?? credentials.apiUrl,
    auth: { kind: 'bot-password', username: account.username, password: account.password },
    secrets: [account.password],
  };
}

/** A title prefix no other test uses: `Deptbot test/<name> <random>/`. */
export function uniquePrefix(name: string): string {
  return `Deptbot test/${name} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}/`;
}

export function tempFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deptbot-test-')), name);
}

/** A logger whose lines are kept in memory (tests assert on the wiki, but may print these on failure). */
export function memoryLogger(secrets: readonly string[] = []) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: 'debug', file: null, pretty: false, secrets, stream }), lines };
}

/** config/default.yaml with test-friendly safety settings, a private ledger and no log file. */
export function testConfig(tasks: readonly Task[], patch: (config: Config) => Config = (c) => c): Config {
  // default.yaml configures every registered task: they must be known for it to load, whichever tasks a test runs.
  const known = [...registeredTasks.filter((task) => !tasks.some((t) => t.name === task.name)), ...tasks];
  const base = loadConfig([path.join(configDir, 'default.yaml')], known);
  return patch({
    ...base,
    wiki: { ...base.wiki, retryPauseMs: 200, maxRetryWaitMs: 2000 },
    safety: { ...base.safety, throttleSeconds: 0 },
    ledger: { path: tempFile('ledger.sqlite') },
    log: { ...base.log, file: null },
  });
}

export async function connectAs(role: Role, options: { dryRun?: boolean; apiUrl?: string; config?: Config } = {}) {
  const env = envFor(role, options.apiUrl);
  const config = options.config ?? testConfig([]);
  const { log } = memoryLogger(env.secrets);
  const assertRole = role === 'bot' ? config.wiki.assert : 'user';
  return WikiClient.connect({
    ...wikiClientOptions({ ...config, wiki: { ...config.wiki, assert: assertRole } }, env, options.dryRun ?? false, log),
  });
}

/** A runtime for the bot against the local wiki (or a proxy in front of it), with a private ledger. */
export async function openTestRuntime(options: {
  tasks: readonly Task[];
  dryRun?: boolean;
  config?: Config;
  apiUrl?: string;
}): Promise<Runtime & { logLines: string[] }> {
  const config = options.config ?? testConfig(options.tasks);
  const env = envFor('bot', options.apiUrl);
  const { log, lines } = memoryLogger(env.secrets);
  const wiki = await WikiClient.connect(wikiClientOptions(config, env, options.dryRun ?? false, log));
  const ledger = Ledger.open(config.ledger.path);
  return { config, log, wiki, ledger, logLines: lines, close: () => ledger.close() };
}

/** Saves a page as a human would (not through the bot's writer). */
export async function humanEdit(client: WikiClient, title: string, text: string, summary = 'test edit'): Promise<number> {
  const response = await client.write({ action: 'edit', title, text, summary });
  return response.edit.newrevid ?? response.edit.oldrevid;
}

export async function pageText(client: WikiClient, title: string): Promise<string | null> {
  return (await client.readPages([title])).get(title)?.text ?? null;
}

export async function currentRevId(client: WikiClient, title: string): Promise<number | null> {
  return (await client.readPages([title])).get(title)?.revId ?? null;
}
