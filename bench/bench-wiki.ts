// The benchmark's own MediaWiki: a second instance of the local test wiki on its own port and data
// folder, so that thousands of imported pages never reach the shared wiki the tests use.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LanguageStats } from '../tasks/translation-status/read-stats';
import { departmentPages, departmentTitles, writeDump, type Department, type GeneratedPage } from './department-dump';
import { expectedFigures, FUZZY, translationPages } from './translated-department';
import { repoRoot } from './repo-root';

const wikiDir = path.join(repoRoot, 'test', 'wiki');
// MediaWiki 1.43 as test/wiki/lib/fetch-mediawiki.sh unpacks it (shared by every local wiki).
const mediawikiDir = path.join(wikiDir, '.data', 'mediawiki');

export interface BenchWiki {
  port: number;
  dataDir: string;
  apiUrl: string;
  bot: { username: string; password: string };
}

function wikiEnv(wiki: Pick<BenchWiki, 'port' | 'dataDir'>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WIKI_PORT: String(wiki.port),
    WIKI_DATA_DIR: wiki.dataDir,
    // What test/wiki/lib/common.sh exports for every maintenance script.
    MW_CONFIG_FILE: path.join(wiki.dataDir, 'LocalSettings.php'),
    MW_INSTALL_PATH: mediawikiDir,
  };
}

/** Starts (installing on first use) the private wiki; start.sh is idempotent. */
export function startBenchWiki(port: number, dataDir: string): BenchWiki {
  execFileSync('bash', [path.join(wikiDir, 'start.sh')], { env: wikiEnv({ port, dataDir }), stdio: ['ignore', 'ignore', 'inherit'] });
  const credentials = JSON.parse(fs.readFileSync(path.join(dataDir, 'credentials.json'), 'utf8'));
  return { port, dataDir, apiUrl: credentials.apiUrl, bot: credentials.bot };
}

/** Stops the server; the data folder stays, so the next run starts in seconds and imports nothing. */
export function stopBenchWiki(wiki: BenchWiki): void {
  execFileSync('bash', [path.join(wikiDir, 'stop.sh')], { env: wikiEnv(wiki), stdio: ['ignore', 'ignore', 'inherit'] });
}

/** LocalSettings.php for the import only: the same wiki, without an fsync per saved page. */
function writeImportSettings(wiki: BenchWiki): string {
  const file = path.join(wiki.dataDir, 'ImportSettings.php');
  fs.writeFileSync(
    file,
    [
      '<?php',
      '// Written by bench/bench-wiki.ts for maintenance/importDump.php only; the server keeps LocalSettings.php.',
      "require __DIR__ . '/LocalSettings.php';",
      '$wgDBservers = [ [',
      "\t'host' => '', 'dbname' => $wgDBname, 'user' => '', 'password' => '', 'type' => 'sqlite',",
      "\t'dbDirectory' => $wgSQLiteDataDir, 'load' => 1, 'flags' => DBO_DEFAULT,",
      "\t'variables' => [ 'synchronous' => 'OFF' ],",
      '] ];',
      '',
    ].join('\n'),
  );
  return file;
}

/** How many of the department's pages are on the wiki (one list=allpages walk; Translate's `Title/en` pages of a translated one left out). */
async function countPages(wiki: BenchWiki, department: Department): Promise<number> {
  const titles = new Set(departmentTitles(department));
  let count = 0;
  let next: Record<string, string> = {};
  for (;;) {
    const params = new URLSearchParams({ action: 'query', list: 'allpages', apprefix: department.root, aplimit: '500', format: 'json', formatversion: '2', ...next });
    const response = await fetch(`${wiki.apiUrl}?${params}`);
    const body = (await response.json()) as { query?: { allpages?: Array<{ title: string }> }; continue?: Record<string, string> };
    count += (body.query?.allpages ?? []).filter((page) => titles.has(page.title)).length;
    if (!body.continue) return count;
    next = body.continue;
  }
}

/** Loads pages into the wiki with maintenance/importDump.php, in one go. */
function importPages(wiki: BenchWiki, pages: readonly GeneratedPage[], name: string): void {
  const dump = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deptbot-bench-')), `${name}.xml`);
  writeDump(dump, pages, 'Editor1', '2026-11-01T00:00:00Z');
  // --no-updates skips link tables and search index (the benchmark reads page text and lists titles,
  // which importDump writes either way); synchronous=OFF spares an fsync per page. Together 10,000
  // pages take minutes instead of most of an hour.
  execFileSync('php', [path.join(mediawikiDir, 'maintenance', 'importDump.php'), '--quiet', '--no-updates', dump], {
    env: { ...wikiEnv(wiki), MW_CONFIG_FILE: writeImportSettings(wiki) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  fs.rmSync(path.dirname(dump), { recursive: true, force: true });
}

/**
 * Makes sure the department is on the wiki, importing it when it is not (an earlier benchmark run
 * leaves it there), and a translated one marked and translated. Returns the seconds that took, or 0.
 */
export async function ensureDepartment(wiki: BenchWiki, department: Department, log: (line: string) => void): Promise<{ department: Department; setupSeconds: number }> {
  const size = department.pages;
  const present = await countPages(wiki, department);
  const started = Date.now();
  if (present !== size) {
    if (present !== 0) throw new Error(`bench wiki: ${department.root} has ${present} of ${size} pages; remove ${wiki.dataDir} and run again`);
    log(`importing ${size} pages into ${wiki.apiUrl} (maintenance/importDump.php)`);
    importPages(wiki, departmentPages(department), `department-${size}`);
    const imported = await countPages(wiki, department);
    if (imported !== size) throw new Error(`bench wiki: importDump.php left ${imported} of ${size} pages of ${department.root}`);
  }
  if (department.translated) await ensureTranslations(wiki, department, log);
  return { department, setupSeconds: (Date.now() - started) / 1000 };
}

/** Runs test/wiki/lib/SeedTranslations.php's steps on the wiki. */
function seedTranslations(wiki: BenchWiki, steps: readonly string[]): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deptbot-bench-steps-'));
  try {
    fs.writeFileSync(path.join(dir, 'steps.tsv'), `${steps.join('\n')}\n`);
    execFileSync('php', [path.join(wikiDir, 'lib', 'SeedTranslations.php'), path.join(dir, 'steps.tsv'), dir], { env: wikiEnv(wiki), stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Pages whose statistics are compared with the generated figures: enough to cover every language's shares. */
const CHECKED_PAGES = 12;

/**
 * A translated department's pages marked for translation by the real Translate, its translations
 * imported, Translate's jobs run and its statistics cache filled, unless the wiki's statistics of
 * its first pages already are the figures the translations were generated for (an earlier run did
 * it); afterwards they must be.
 */
async function ensureTranslations(wiki: BenchWiki, department: Department, log: (line: string) => void): Promise<void> {
  const titles = departmentTitles(department);
  if ((await figuresDiffering(wiki, department, titles.slice(0, CHECKED_PAGES))) === null) return;
  log(`marking ${titles.length} pages for translation and importing their translations (the real Translate)`);
  seedTranslations(wiki, titles.map((title) => `mark-imported\t${title}\tAdmin`));
  // The jobs marking queued, before the translations arrive: otherwise measured requests would run them
  // (the wiki runs one a request). Without a memory limit: runJobs.php's own stops it halfway.
  execFileSync('php', [path.join(mediawikiDir, 'maintenance', 'runJobs.php'), '--quiet', '--memory-limit=max'], { env: wikiEnv(wiki), stdio: ['ignore', 'ignore', 'inherit'] });
  const translations = translationPages(department);
  importPages(wiki, translations, `translations-${department.pages}`);
  const outdated = translations.filter((page) => page.text.startsWith(FUZZY)).map((page) => `fuzzy\t${page.title}`);
  seedTranslations(wiki, [...outdated, ...titles.map((title) => `stats\t${title}`)]);
  // Otherwise the benchmark would measure something else than it says.
  const differing = await figuresDiffering(wiki, department, titles.slice(0, CHECKED_PAGES));
  if (differing) throw new Error(`bench wiki: ${differing}`);
}

/** Where the wiki's statistics of `titles` are not the figures the translations were generated for; null when they all are. */
async function figuresDiffering(wiki: BenchWiki, department: Department, titles: readonly string[]): Promise<string | null> {
  const expected = expectedFigures(department);
  for (const title of titles) {
    const params = new URLSearchParams({ action: 'query', meta: 'messagegroupstats', mgsgroup: `page-${title}`, format: 'json', formatversion: '2' });
    const body = (await (await fetch(`${wiki.apiUrl}?${params}`)).json()) as { query?: { messagegroupstats?: LanguageStats[] } };
    const wanted = expected(title) ?? [];
    const answered = (body.query?.messagegroupstats ?? []).filter((row) => wanted.some((w) => w.code === row.code));
    const shown = (rows: readonly LanguageStats[]) =>
      JSON.stringify([...rows].sort((a, b) => a.code.localeCompare(b.code)).map(({ code, total, translated, fuzzy, proofread }) => ({ code, total, translated, fuzzy, proofread })));
    if (shown(answered) !== shown(wanted)) return `Translate's statistics of "${title}" are ${shown(answered)}, not the generated ${shown(wanted)}`;
  }
  return null;
}
