// `deptbot run --all` on the seeded wiki (its real department pages, marked for translation and
// translated through the real Translate), then the wiki's jobs: readers of the Russian page of the
// retired department see the historical banner, readers of the Chinese page see the upcoming office
// hours, read from the wiki's rendering. It needs the seeded pages as seeded, and its run edits them,
// so the wiki is reset before (another test, the demo's, may have edited them) and afterwards.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { registeredTasks } from '../../../tasks';
import type { WikiClient } from '../../../src/wiki/client';
import { connectAs, renderedText, repoRoot, runJobs, uniquePrefix } from '../../support/local-wiki';
import { runInProcess, withLedger, writeCliSetup } from './helpers/cli-harness';

let editor: WikiClient;

const resetWiki = () => execFileSync('bash', [path.join(repoRoot, 'test', 'wiki', 'reset.sh')], { stdio: 'ignore' });

beforeAll(async () => {
  resetWiki();
  editor = await connectAs('editor');
});

afterAll(resetWiki);

it('after run --all and the jobs, the ru page shows the banner and the zh page the upcoming sessions', async () => {
  const before = { ru: await renderedText(editor, 'Community Engagement/ru'), zh: await renderedText(editor, 'Movement communications insights/zh') };
  expect(before.ru).not.toContain('kept for historical interest');
  expect(before.zh).not.toMatch(/\d{4}-\d{2}-\d{2} \(星期./);

  const setup = writeCliSetup({ prefix: uniquePrefix('run-all-translations'), throttleSeconds: 0 });
  const result = await runInProcess(['run', '--all'], setup, { tasks: registeredTasks });
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/marked "Community Engagement"/);
  expect(result.stdout).toMatch(/marked "Movement communications insights"/);
  runJobs();

  const ru = await renderedText(editor, 'Community Engagement/ru');
  expect(ru).toContain('kept for historical interest');
  expect(ru).toContain('Команда вовлечения сообщества');
  const zh = await renderedText(editor, 'Movement communications insights/zh');
  // The next session is the first Tuesday of a month (mci-monthly-en in config/office-hours.yaml), in Chinese.
  expect(zh).toMatch(/\d{4}-\d{2}-\d{2} \(星期二\)\s+16:00–17:00\s+英语/);
  expect(zh).toContain('因此,維基媒體基金會希望');
  // The bot's own change was all it published: no Chinese unit became outdated.
  const stats = await editor.query({ meta: 'messagegroupstats', mgsgroup: 'page-Movement communications insights', mgssuppressempty: 1 });
  expect(stats.query.messagegroupstats.find((row: { code: string }) => row.code === 'zh')).toEqual(expect.objectContaining({ translated: 1, fuzzy: 1 }));
  withLedger(setup, (ledger) => expect(ledger.recentRuns(10).map((run) => run.result)).not.toContain('failed'));
});
