// The benchmark's peer scripts (bench/peers/) must do the same job as deptbot, or the comparison
// means nothing: on a small generated department on the real local wiki, each peer changes the same
// pages to the same text as deptbot's plan. Pages that already carry the banner (by the template's
// name or a redirect's) are skipped by both. translation-status plans for a translated department,
// put in place through the wiki's Translate as the benchmark does it at 1,000 pages.
import path from 'node:path';
import type { BenchWiki } from '../../bench/bench-wiki';
import { ensureDepartment } from '../../bench/bench-wiki';
import { benchDepartment, type Department } from '../../bench/department-dump';
import { peers } from '../../bench/peers';
import { planWithDeptbot, runPeer } from '../../bench/run-one';
import { translatedDepartment } from '../../bench/translated-department';
import { connectAs, humanEdit, pageText, readCredentials, repoRoot } from '../support/local-wiki';

const credentials = readCredentials();
let department: Department;
let translated: Department;

/** Two pages that carry the banner already: by its own name, and by a redirect's (Template:Historic). */
const WITH_BANNER = { 'Team 00003': '{{Historical}}\n', 'Team 00005': '{{historic|comment=Already retired.}}\n' };

beforeAll(async () => {
  const wiki: BenchWiki = {
    port: Number(process.env.WIKI_PORT),
    dataDir: path.join(repoRoot, 'test', 'wiki', '.data'),
    apiUrl: credentials.apiUrl,
    bot: credentials.bot,
  };
  department = (await ensureDepartment(wiki, benchDepartment(40), () => undefined)).department;
  translated = (await ensureDepartment(wiki, translatedDepartment(40), () => undefined)).department;
  const editor = await connectAs('editor');
  for (const [subpage, banner] of Object.entries(WITH_BANNER)) {
    const title = `${department.root}/${subpage}`;
    const text = await pageText(editor, title);
    if (text !== null && !text.startsWith(banner)) await humanEdit(editor, title, `${banner}${text}`, 'the banner is there already');
  }
});

interface Changes {
  deptbot: Record<string, string>;
  peer: Record<string, string>;
}

async function planBoth(taskName: string): Promise<Changes> {
  const pages = taskName === 'translation-status' ? translated : department;
  const changes: Changes = { deptbot: {}, peer: {} };
  await planWithDeptbot(taskName, pages, credentials.apiUrl, credentials, (planned) => {
    for (const change of planned) changes.deptbot[change.title] = change.newText;
  });
  await runPeer(taskName, pages, credentials.apiUrl, credentials, (title, text) => {
    changes.peer[title] = text;
  });
  return changes;
}

/** Each task's changes, planned once by each side for all the tests here. */
const planned = new Map<string, Promise<Changes>>();
function changesOf(taskName: string): Promise<Changes> {
  if (!planned.has(taskName)) planned.set(taskName, planBoth(taskName));
  return planned.get(taskName)!;
}

describe.each(Object.keys(peers))('the %s peer', (taskName) => {
  test('changes the same pages to the same text as deptbot plans', async () => {
    const { deptbot, peer } = await changesOf(taskName);
    expect(Object.keys(deptbot).length).toBeGreaterThan(0);
    expect(Object.keys(peer).sort()).toEqual(Object.keys(deptbot).sort());
    for (const title of Object.keys(deptbot)) expect({ title, text: peer[title] }).toEqual({ title, text: deptbot[title] });
  });
});

test('historical-banner: both leave out the pages that carry the banner under any name, and plan all the others', async () => {
  const { deptbot, peer } = await changesOf('historical-banner');
  const withBanner = Object.keys(WITH_BANNER).map((subpage) => `${department.root}/${subpage}`);
  for (const title of withBanner) {
    expect(deptbot[title]).toBeUndefined();
    expect(peer[title]).toBeUndefined();
  }
  expect(Object.keys(peer)).toHaveLength(department.pages - withBanner.length);
});

test('translation-status: both compare with the figures kept by the run before, where a third of the pages changed since', async () => {
  const { deptbot, peer } = await changesOf('translation-status');
  const [report] = Object.values(deptbot);
  expect(Object.values(peer)).toEqual([report]);
  const changeColumns = report.match(/Change since 2026-12-01 \(points\)/g) ?? [];
  // Pages 0, 3, …, 39 of the 40 changed: the root and 13 subpages, each with languages that gained a unit.
  expect(changeColumns).toHaveLength(14);
  expect(report).toContain('▲');
  expect(report).not.toContain('▼');
});
