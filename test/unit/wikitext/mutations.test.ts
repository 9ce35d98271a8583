// Property test (issue 13): seeded random mutations of the real seed and golden pages (comments,
// <nowiki>, <pre>, extension tags, templates, Translate tags, banner spellings), run through the
// framework's evaluateEdit with the historical-banner and office-hours transforms. For every page:
// unbalanced input is never edited; text outside the bot's change is byte-identical; a second pass
// changes nothing; there is never a second banner.
import fs from 'node:fs';
import path from 'node:path';
import { evaluateEdit, type ChangeRules } from '../../../src/core/planned-change';
import { onlyRegionsChanged } from '../../../src/core/managed-region';
import type { EditAction } from '../../../src/core/task';
import type { PageState } from '../../../src/wiki/client';
import { findUnbalancedMarkup } from '../../../src/wikitext/parse';
import { bannerNames, ensureBanner, findBanners } from '../../../tasks/historical-banner/ensure-banner';
import { pageSessions } from '../../../tasks/office-hours/next-sessions';
import { readScheduleFile } from '../../../tasks/shared/office-hour-schedule/schedule-file';
import { REGION, updateOfficeHours } from '../../../tasks/office-hours/update-office-hours';
import { seededRandom } from '../../support/seeded-random';

const seedsDir = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'seeds');
const goldenDir = path.resolve(__dirname, '..', '..', 'golden');

const originals = [
  ...fs.readdirSync(seedsDir).map((name) => path.join(seedsDir, name)),
  ...['historical-banner', 'office-hours'].flatMap((dir) =>
    fs
      .readdirSync(path.join(goldenDir, dir))
      .filter((name) => name.endsWith('.before.wikitext'))
      .map((name) => path.join(goldenDir, dir, name)),
  ),
].map((file) => fs.readFileSync(file, 'utf8'));

const FRAGMENTS = [
  '<!-- note -->', '<!--', '-->', '<nowiki>', '</nowiki>', '<nowiki>{{Historical}}</nowiki>', '<nowiki/>', '<pre>', '</pre>',
  '<pre>{{x}}</pre>', '<math>\\frac{1}{\\sqrt{2}}</math>', '<syntaxhighlight lang="js">{a: {b: 1}}</syntaxhighlight>', '<source>}}</source>',
  '<includeonly>{{Historical}}</includeonly>', '<includeonly>', '<noinclude>x</noinclude>', '{{Foo|', '}}', '{{Foo}}', '{{{1|x}}}',
  '{{Box|\n== Office hours ==\nx\n}}', '<translate>', '</translate>', '<translate>\nUnit.\n</translate>', '{{historical}}',
  '{{msg:Historical}}', '{{Template:Historic|x}}', '{{:Historical}}', '{{ Historical_ }}', '\n== Office hours ==\n', '\n', '{', '}',
];

const random = seededRandom(20261206);
const below = (n: number) => Math.floor(random() * n);

/** One to four fragments put in at random offsets, at line starts half the time. */
function mutate(text: string): string {
  let out = text;
  for (let n = 1 + below(4); n > 0; n--) {
    let at = below(out.length + 1);
    if (random() < 0.5) at = out.lastIndexOf('\n', at) + 1;
    out = out.slice(0, at) + FRAGMENTS[below(FRAGMENTS.length)] + out.slice(at);
  }
  return out;
}

const pages = Array.from({ length: 400 }, (_, n) => mutate(originals[n % originals.length]));

const rules: ChangeRules = { taskName: 'test-task', botName: 'DeptBot', allow: [{ namespace: 0 }], docsPage: 'User:DeptBot/Tasks' };

function stateOf(text: string): PageState {
  return {
    title: 'Dept/Page',
    namespace: 0,
    exists: true,
    revId: 1,
    timestamp: '2026-01-01T00:00:00Z',
    lastEditor: 'Editor1',
    text,
    contentModel: 'wikitext',
    isRedirect: false,
    protection: [],
  };
}

/** Whether `after` is `before` with one stretch of text put in (and nothing else changed). */
function isOneInsertion(before: string, after: string): boolean {
  let prefix = 0;
  while (prefix < before.length && before[prefix] === after[prefix]) prefix++;
  return after.length > before.length && after.endsWith(before.slice(prefix));
}

const banner = '{{Historical|comment=Retired.}}';
const names = bannerNames('Historical', ['Historic']);
const bannerAction: EditAction = { kind: 'edit', title: 'Dept/Page', summary: 's', transform: (text) => ensureBanner(text, banner, names) };

const sessions = readScheduleFile(path.join(goldenDir, 'office-hours', 'sessions.yaml'));
const pageSchedule = pageSessions(sessions, 'Community Resilience and Sustainability', new Date('2026-11-21T09:00:00Z'), {
  upcoming: 3,
  horizonDays: 366,
  past: 5,
});
const officeHoursAction: EditAction = {
  kind: 'edit',
  title: 'Dept/Page',
  summary: 's',
  regions: [REGION],
  transform: (text) => updateOfficeHours(text, pageSchedule, { manage: 'region', sectionTitles: ['Office hours'] }),
};

function checkPage(action: EditAction, text: string): { edited: boolean; before: string; after: string } {
  const first = evaluateEdit(action, stateOf(text), rules);
  if (findUnbalancedMarkup(text) !== null) expect('change' in first).toBe(false);
  if (!('change' in first)) return { edited: false, before: text, after: text };
  const after = first.change.newText;
  expect(findUnbalancedMarkup(after)).toBeNull();
  expect(evaluateEdit(action, stateOf(after), rules)).toEqual({ outcome: expect.objectContaining({ status: 'unchanged' }) });
  return { edited: true, before: text, after };
}

describe('seeded mutations of real pages', () => {
  it('are varied: balanced and unbalanced, with and without banners', () => {
    const unbalanced = pages.filter((text) => findUnbalancedMarkup(text) !== null).length;
    expect(unbalanced).toBeGreaterThan(80);
    expect(pages.length - unbalanced).toBeGreaterThan(80);
    expect(pages.filter((text) => findBanners(text, names).length > 0).length).toBeGreaterThan(30);
  });

  it('historical-banner: one banner put in, nothing else changed, a second pass does nothing', () => {
    let edited = 0;
    for (const text of pages) {
      const result = checkPage(bannerAction, text);
      if (!result.edited) continue;
      edited++;
      expect(findBanners(text, names)).toHaveLength(0);
      expect(findBanners(result.after, names)).toHaveLength(1);
      expect(isOneInsertion(text, result.after)).toBe(true);
    }
    expect(edited).toBeGreaterThan(50);
  });

  it('office-hours: the region or one inserted block is all that changes, and a second pass does nothing', () => {
    let edited = 0;
    for (const text of pages) {
      const result = checkPage(officeHoursAction, text);
      if (!result.edited) continue;
      edited++;
      const regionBefore = text.includes(`<!-- deptbot:${REGION} -->`);
      expect(regionBefore ? onlyRegionsChanged(text, result.after, [REGION]) : isOneInsertion(text, result.after)).toBe(true);
    }
    expect(edited).toBeGreaterThan(50);
  });
});
