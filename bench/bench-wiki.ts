// The benchmark's own MediaWiki: a second instance of the local test wiki on its own port and data
// folder, so that thousands of imported pages never reach the shared wiki the tests use.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDepartment, departmentPages, writeDump, type Department } from './department-dump';
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

/** How many pages in the main namespace start with `prefix` (one list=allpages walk). */
async function countPages(wiki: BenchWiki, prefix: string): Promise<number> {
  let count = 0;
  let next: Record<string, string> = {};
  for (;;) {
    const params = new URLSearchParams({ action: 'query', list: 'allpages', apprefix: prefix, aplimit: '500', format: 'json', formatversion: '2', ...next });
    const response = await fetch(`${wiki.apiUrl}?${params}`);
    const body = (await response.json()) as { query?: { allpages?: unknown[] }; continue?: Record<string, string> };
    count += body.query?.allpages?.length ?? 0;
    if (!body.continue) return count;
    next = body.continue;
  }
}

/**
 * Makes sure the department of `size` pages is on the wiki, importing it when it is not
 * (an earlier benchmark run leaves it there). Returns the seconds the import took, or 0.
 */
export async function ensureDepartment(wiki: BenchWiki, size: number, log: (line: string) => void): Promise<{ department: Department; importSeconds: number }> {
  const department = benchDepartment(size);
  const present = await countPages(wiki, department.root);
  if (present === size) return { department, importSeconds: 0 };
  if (present !== 0) throw new Error(`bench wiki: ${department.root} has ${present} of ${size} pages; remove ${wiki.dataDir} and run again`);
  const dump = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deptbot-bench-')), `department-${size}.xml`);
  writeDump(dump, departmentPages(department), 'Editor1', '2026-11-01T00:00:00Z');
  log(`importing ${size} pages into ${wiki.apiUrl} (maintenance/importDump.php)`);
  const started = Date.now();
  // --no-updates skips link tables and search index (the benchmark reads page text and lists titles,
  // which importDump writes either way); synchronous=OFF spares an fsync per page. Together 10,000
  // pages take minutes instead of most of an hour.
  execFileSync('php', [path.join(mediawikiDir, 'maintenance', 'importDump.php'), '--quiet', '--no-updates', dump], {
    env: { ...wikiEnv(wiki), MW_CONFIG_FILE: writeImportSettings(wiki) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  fs.rmSync(path.dirname(dump), { recursive: true, force: true });
  const imported = await countPages(wiki, department.root);
  if (imported !== size) throw new Error(`bench wiki: importDump.php left ${imported} of ${size} pages of ${department.root}`);
  return { department, importSeconds: (Date.now() - started) / 1000 };
}
