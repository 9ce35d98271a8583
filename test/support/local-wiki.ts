// Helpers for integration tests against the real local MediaWiki started by test/wiki/start.sh.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/load-config';
import type { Config } from '../../src/config/schema';
import type { Task } from '../../src/core/task';
import { registeredTasks, registeredTaskLedgers } from '../../tasks';
import type { EnvOptions } from '../../src/env';
import { Ledger } from '../../src/ledger/ledger';
import { createLogger } from '../../src/log/logger';
import { WikiClient } from '../../src/wiki/client';
import { wikiClientOptions, type Runtime } from '../../src/runtime';
import { testLedgerSettings } from './test-ledger';

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
    // No throttle, and the shutoff pages read before every save (as a throttle of 5 s or more does):
    // a run's requests then do not depend on how fast the machine is, which the crash suite relies
    // on (it kills the n-th request of a run and compares it with the uninterrupted run's n-th).
    safety: { ...base.safety, throttleSeconds: 0, shutoffRecheckSeconds: 0 },
    ledger: testLedgerSettings(),
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
  const ledger = Ledger.open(config.ledger, registeredTaskLedgers);
  return { config, log, wiki, ledger, logLines: lines, close: () => ledger.close() };
}

/** Saves a page as a human would (not through the bot's writer). */
export async function humanEdit(client: WikiClient, title: string, text: string, summary = 'test edit'): Promise<number> {
  const response = await client.write({ action: 'edit', title, text, summary });
  return response.edit.newrevid ?? response.edit.oldrevid;
}

/** The local wiki's MediaWiki tree (test/wiki/lib/fetch-mediawiki.sh) and its data folder. */
const mediawikiDir = path.join(repoRoot, 'test', 'wiki', '.data', 'mediawiki');
export const wikiDataDir = process.env.WIKI_DATA_DIR ?? path.join(repoRoot, 'test', 'wiki', '.data');

/** Runs one of MediaWiki's maintenance scripts on the local wiki (as test/wiki/lib/common.sh does); its output. */
export function runMaintenance(script: string, args: readonly string[] = [], input?: string): string {
  return execFileSync('php', [path.join(mediawikiDir, 'maintenance', `${script}.php`), ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, MW_CONFIG_FILE: path.join(wikiDataDir, 'LocalSettings.php'), MW_INSTALL_PATH: mediawikiDir },
  });
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Writes a revision by importing it (maintenance/importDump.php), as pages come from other wikis or
 * from before an extension checked them: no edit hooks run, so a text Translate refuses to save
 * (an unclosed `<translate>`) can still be set up.
 */
export function importRevision(title: string, text: string, user: string, summary: string): void {
  const dump = [
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en"><page>',
    `<title>${escapeXml(title)}</title><revision><timestamp>${new Date().toISOString().slice(0, 19)}Z</timestamp>`,
    `<contributor><username>${escapeXml(user)}</username></contributor><comment>${escapeXml(summary)}</comment>`,
    `<model>wikitext</model><format>text/x-wiki</format><text xml:space="preserve">${escapeXml(text)}</text>`,
    '</revision></page></mediawiki>',
  ].join('');
  runMaintenance('importDump', ['--username-prefix='], dump);
}

/**
 * Runs the wiki's queued jobs. API requests do not run them (page views do), and Translate renders
 * translation pages and refreshes its stats in jobs.
 */
export function runJobs(): void {
  runMaintenance('runJobs', ['--quiet']);
}

/**
 * Marks the page's current revision for translation through Translate's API (as a translation
 * administrator does): from then on `Title/xx` pages are its translation pages. Translate renders
 * them in jobs: call runJobs() to see them.
 */
export async function markForTranslation(client: WikiClient, title: string): Promise<void> {
  const revid = await currentRevId(client, title);
  if (revid === null) throw new Error(`cannot mark "${title}" for translation: it does not exist`);
  await client.write({ action: 'markfortranslation', title, revid, translatetitle: 'yes' });
}

/** Puts the user into the wiki group or takes them out of it (maintenance/eval.php; no API grant allows it). */
export function setUserGroup(user: string, group: string, member: boolean): void {
  const change = member ? 'addUserToGroup' : 'removeUserFromGroup';
  runMaintenance(
    'eval',
    [],
    `$services = MediaWiki\\MediaWikiServices::getInstance();
$services->getUserGroupManager()->${change}($services->getUserFactory()->newFromName(${JSON.stringify(user)}), ${JSON.stringify(group)});`,
  );
}

/** The page as readers see it: the wiki's rendering (action=parse), as plain text without tags. */
export async function renderedText(client: WikiClient, title: string): Promise<string> {
  const response = await client.query({ action: 'parse', page: title, prop: 'text', formatversion: 2 });
  return String(response.parse?.text ?? '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#160;|&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

export async function pageText(client: WikiClient, title: string): Promise<string | null> {
  return (await client.readPages([title])).get(title)?.text ?? null;
}

export async function currentRevId(client: WikiClient, title: string): Promise<number | null> {
  return (await client.readPages([title])).get(title)?.revId ?? null;
}
