// The report as the page can hold it: a table per page within the wiki's page size limit, else one
// summary table of every page.
import { buildFigures, type PageReport } from '../../../tasks/translation-status/build-page-report';
import { renderReport, upsertFittedReport, upsertReport } from '../../../tasks/translation-status/render-report';

const context = { botName: 'DeptBot', priorityLanguages: [] };

function figures(title: string, translated: number): PageReport {
  return buildFigures({
    title,
    sourceLanguage: 'en',
    units: 10,
    reported: [
      { code: 'de', total: 10, translated, fuzzy: 1, proofread: 0 },
      { code: 'fr', total: 10, translated: 5, fuzzy: 0, proofread: 2 },
    ],
    priorityLanguages: [],
    baseline: null,
    changedSinceLastRun: false,
  });
}

const reports: PageReport[] = [
  figures('Department/Alpha', 9),
  figures('Department/Beta', 3),
  { kind: 'not-marked', title: 'Department/Gamma' },
  { kind: 'incomplete', title: 'Department/Delta', attempts: 3 },
];

const EXISTING = 'Notes kept by editors.\n\n<!-- deptbot:translation-status -->\nold\n<!-- /deptbot:translation-status -->\nMore notes.';

function textOf(result: ReturnType<typeof upsertFittedReport>): string {
  if (!('text' in result)) throw new Error(`skipped: ${result.skip}`);
  return result.text;
}

const fullText = textOf(upsertReport(EXISTING, renderReport(reports, context), 'DeptBot'));
const fullBytes = Buffer.byteLength(fullText);

describe('upsertFittedReport', () => {
  it('gives a table per page when the whole page fits, up to the last byte the wiki takes', () => {
    expect(textOf(upsertFittedReport(EXISTING, reports, context, fullBytes))).toBe(fullText);
    expect(textOf(upsertFittedReport(EXISTING, reports, context, undefined))).toBe(fullText);
  });

  it('gives one summary table, saying why, when a table per page would take the page one byte past the limit', () => {
    const text = textOf(upsertFittedReport(EXISTING, reports, context, fullBytes - 1));
    expect(Buffer.byteLength(text)).toBeLessThan(fullBytes);
    expect(text.startsWith('Notes kept by editors.\n\n<!-- deptbot:translation-status -->\n')).toBe(true);
    expect(text.endsWith('\n|}\n<!-- /deptbot:translation-status -->\nMore notes.')).toBe(true);
    expect(text).toContain(`larger than the wiki takes (${(fullBytes - 1).toLocaleString('en-US')} bytes)`);
    expect(text).toContain(
      [
        '{| class="wikitable sortable"',
        '! Page !! Translation units !! Languages at 90% or more !! At 50% or more !! Started',
        '|-',
        '| [[:Department/Alpha]] || 10 || 1 || 2 || 2',
        '|-',
        '| [[:Department/Beta]] || 10 || 0 || 1 || 2',
        '|-',
        `| [[:Department/Gamma]] || data-sort-value="-1" | ''not marked for translation'' || – || – || –`,
        '|-',
        `| [[:Department/Delta]] || data-sort-value="-1" | ''statistics incomplete'' || – || – || –`,
        '|}',
      ].join('\n'),
    );
    expect(text).not.toContain('== [[:Department/Alpha]] ==');
  });

  it('counts the text outside the region and bytes, not characters', () => {
    const longerNotes = EXISTING.replace('More notes.', 'More notes – with a dash.');
    const fits = Buffer.byteLength(textOf(upsertReport(longerNotes, renderReport(reports, context), 'DeptBot')));
    // The en dash is one character and three bytes.
    expect(fits - fullBytes).toBe(' – with a dash'.length + 2);
    expect(textOf(upsertFittedReport(longerNotes, reports, context, fits))).toContain('== [[:Department/Alpha]] ==');
    expect(textOf(upsertFittedReport(longerNotes, reports, context, fits - 1))).not.toContain('== [[:Department/Alpha]] ==');
  });

  it('passes on a page whose region is broken, as the full report does', () => {
    const broken = 'Text\n<!-- deptbot:translation-status -->\nno end';
    expect(upsertFittedReport(broken, reports, context, 10)).toEqual(upsertReport(broken, renderReport(reports, context), 'DeptBot'));
  });
});
