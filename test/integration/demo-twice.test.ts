// The README's promise (issue 15): run `npm run demo` twice and the second run edits nothing, the
// status page included. Runs scripts/demo.sh twice against the local wiki (its seeded pages and
// the demo's ledger data/local.sqlite, as a developer does) and counts the bot's revisions made
// during the second run.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { connectAs, humanEdit, readCredentials, repoRoot } from '../support/local-wiki';
import { seedText } from '../support/seed-pages';

// The demo edits (and marks for translation) seeded pages: give the tests after this one the seeded wiki back.
afterAll(() => {
  execFileSync('bash', [path.join(repoRoot, 'test', 'wiki', 'reset.sh')], { stdio: 'ignore' });
});

function runDemo(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(repoRoot, 'scripts', 'demo.sh')], { cwd: repoRoot, env: process.env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The bot's revisions since `since` (ISO), newest first: title and revision id. */
async function botRevisionsSince(since: string): Promise<string[]> {
  const { apiUrl, bot } = readCredentials();
  const user = bot.username.split('@')[0];
  const params = new URLSearchParams({ action: 'query', list: 'usercontribs', ucuser: user, ucend: since, uclimit: 'max', format: 'json', formatversion: '2' });
  const body = (await (await fetch(`${apiUrl}?${params}`)).json()) as { query: { usercontribs: Array<{ title: string; revid: number }> } };
  return body.query.usercontribs.map((c) => `${c.title} (revision ${c.revid})`);
}

/** A page with an office-hours section, put back as seeded so that the first run has something to do. */
const RESEEDED = 'Community Resilience and Sustainability';

it('a second npm run demo edits nothing, not even the status page', async () => {
  const editor = await connectAs('editor');
  await humanEdit(editor, RESEEDED, seedText(RESEEDED), 'back to the seeded text, so that the demo edits it');
  const first = await runDemo();
  expect(first.code).toBe(0);
  expect(first.output).toMatch(/office-hours +Community Resilience and Sustainability/);
  // MediaWiki keeps times to the second: start counting after the first run's last second.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const since = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  const second = await runDemo();

  expect(second.code).toBe(0);
  expect(await botRevisionsSince(since)).toEqual([]);
  expect(second.output).toContain('Nothing: every page was already up to date');
}, 600_000);
