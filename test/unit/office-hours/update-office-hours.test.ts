// Golden files: test/golden/office-hours/<case>.before.wikitext → <case>.after.wikitext, read at a
// fixed clock against the sessions in test/golden/office-hours/sessions.yaml.
// UPDATE_GOLDEN=1 rewrites the .after files (review the diff before committing them).
import fs from 'node:fs';
import path from 'node:path';
import { findRegion, onlyRegionsChanged } from '../../../src/core/managed-region';
import { findUnbalancedMarkup } from '../../../src/wikitext/parse';
import { pageSessions } from '../../../tasks/office-hours/next-sessions';
import { readScheduleFile } from '../../../tasks/shared/office-hour-schedule/schedule-file';
import { REGION, updateOfficeHours, type PageLayout } from '../../../tasks/office-hours/update-office-hours';

const NOW = new Date('2026-11-21T09:00:00Z');
const goldenDir = path.join(__dirname, '..', '..', 'golden', 'office-hours');
const sessions = readScheduleFile(path.join(goldenDir, 'sessions.yaml'));
const limits = { upcoming: 3, horizonDays: 366, past: 5 };

function golden(name: string): string {
  return fs.readFileSync(path.join(goldenDir, name), 'utf8');
}

function transform(text: string, page: string, manage: PageLayout['manage']): string {
  const result = updateOfficeHours(text, pageSessions(sessions, page, NOW, limits), { manage, sectionTitles: ['Office hours'] });
  if ('skip' in result) throw new Error(`skipped: ${result.skip}`);
  return result.text;
}

/** The page without the bot's region block and with blank-line runs squeezed: what a reader wrote. */
function outsideRegion(text: string): string {
  const region = findRegion(text, REGION);
  const rest = region.kind === 'found' ? text.slice(0, region.blockStart) + text.slice(region.blockEnd) : text;
  return rest.replace(/\n+/g, '\n');
}

describe('office-hours page update (golden files)', () => {
  it.each<[string, string, PageLayout['manage'], boolean]>([
    // case, page, manage, whether the text outside the region is only re-spaced
    ['plain-region', 'Community Resilience and Sustainability', 'region', true],
    ['plain-section', 'Community Resilience and Sustainability', 'section', false],
    ['translatable-region', 'Movement communications insights', 'region', true],
    ['translatable-section', 'Movement communications insights', 'section', false],
    ['no-section', 'Golden/No section', 'region', false],
    ['existing-region', 'Golden/Existing region', 'region', true],
    ['unit-markers', 'Golden/Unit markers', 'region', true],
    // A marked page of today's layout, saved before a session was added to the schedule.
    ['table-markers', 'Golden/Unit markers', 'region', true],
    ['inside-translate', 'Golden/Inside translate', 'region', false],
    ['nothing-upcoming', 'Golden/Nothing upcoming', 'region', true],
  ])('%s', (name, page, manage, keepsOutside) => {
    const before = golden(`${name}.before.wikitext`);
    const after = transform(before, page, manage);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(path.join(goldenDir, `${name}.after.wikitext`), after);

    expect(after).toEqual(golden(`${name}.after.wikitext`));
    expect(transform(after, page, manage)).toEqual(after);
    expect(findUnbalancedMarkup(after)).toBeNull();
    if (keepsOutside) expect(outsideRegion(after)).toEqual(outsideRegion(before));
    if (findRegion(before, REGION).kind === 'found' && manage === 'region') {
      expect(onlyRegionsChanged(before, after, [REGION])).toBe(true);
    }
  });

  it('adds a session to a marked translatable page without adding, changing or unmarking a unit', () => {
    const before = golden('table-markers.before.wikitext');
    const after = transform(before, 'Golden/Unit markers', 'region');
    const units = (text: string) => text.match(/<translate>[\s\S]*?<\/translate>/g);

    expect(after.split('\n').length).toBeGreaterThan(before.split('\n').length);
    expect(after).toContain('{{#time:Y-m-d (l)|2026-12-01|{{PAGELANGUAGE}}}}');
    expect(before).not.toContain('2026-12-01');
    expect(units(after)).toEqual(units(before));
    expect(units(after)?.every((unit) => unit.includes('<!--T:'))).toBe(true);
  });

  it('skips a page whose region has lost its end marker', () => {
    const broken = '== Office hours ==\n<!-- deptbot:office-hours -->\nold\n';
    const result = updateOfficeHours(broken, { upcoming: [], past: [] }, { manage: 'region', sectionTitles: ['Office hours'] });
    expect(result).toEqual({ skip: expect.stringContaining('1 start marker(s) and 0 end marker(s)') });
  });

  it('finds the section under another configured heading, in any case and inside <translate>', () => {
    const text = '== <translate>Office Hour</translate> ==\nText.\n\n== Next ==\n';
    const result = updateOfficeHours(text, { upcoming: [], past: [] }, { manage: 'region', sectionTitles: ['Office hours', 'office hour'] });
    expect(result).toEqual({
      text: '== <translate>Office Hour</translate> ==\nText.\n\n<!-- deptbot:office-hours -->\n<translate>No office hours are scheduled at the moment.</translate>\n<!-- /deptbot:office-hours -->\n\n== Next ==\n',
    });
  });

  // Issue 13: a heading inside a template call is no section (MediaWiki does not count it), so
  // manage: section must not write the region into the call and drop its "}}".
  it('leaves a heading inside a template call alone, and the call whole', () => {
    const text = '{{Box|\n== Office hours ==\nProse.\n}}\n== Next ==\nText.';
    const after = transform(text, 'Golden/Nothing upcoming', 'section');
    expect(after.startsWith('{{Box|\n== Office hours ==\nProse.\n}}\n== Next ==\nText.')).toBe(true);
    expect(findUnbalancedMarkup(after)).toBeNull();
    expect(findRegion(after, REGION).kind).toBe('found');
  });
});
