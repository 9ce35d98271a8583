// translation-status' report when a table per page would be larger than the wiki takes: the summary
// table, saved on the real wiki and rendered by it (action=parse), as editors would read it.
import { buildFigures, type PageReport } from '../../tasks/translation-status/build-page-report';
import { renderReport, upsertFittedReport, upsertReport } from '../../tasks/translation-status/render-report';
import { checkRenderedRevisions, formatRenderCheck, renderRevision } from '../support/rendered-check';
import { renderExpectations } from '../support/rendered-expectations';
import { connectAs, humanEdit, readCredentials, uniquePrefix } from '../support/local-wiki';

const context = { botName: 'DeptBot', priorityLanguages: ['fr'] };

function reportsUnder(prefix: string, count: number): PageReport[] {
  return Array.from({ length: count }, (_, index): PageReport => {
    const title = `${prefix}Team ${index + 1}`;
    if (index === 3) return { kind: 'not-marked', title };
    if (index === 5) return { kind: 'unreadable', title, reason: 'HTTP 500 from the wiki' };
    return buildFigures({
      title,
      sourceLanguage: 'en',
      units: 5 + index,
      reported: [
        { code: 'de', total: 5 + index, translated: index % (6 + index), fuzzy: 1, proofread: 0 },
        { code: 'fr', total: 5 + index, translated: 5 + index, fuzzy: 0, proofread: 1 },
      ],
      priorityLanguages: ['fr'],
      baseline: null,
      changedSinceLastRun: false,
    });
  });
}

it('renders the summary table of every page, a row each, with no defect the check finds', async () => {
  const prefix = uniquePrefix('report-size');
  const reports = reportsUnder(prefix, 40);
  const full = upsertReport('', renderReport(reports, context), 'DeptBot');
  if (!('text' in full)) throw new Error(full.skip);
  // A limit a third of the full report's size: a table per page does not fit, the summary does.
  const limit = Math.floor(Buffer.byteLength(full.text) / 3);
  const fitted = upsertFittedReport('', reports, context, limit);
  if (!('text' in fitted)) throw new Error(fitted.skip);
  expect(Buffer.byteLength(fitted.text)).toBeLessThanOrEqual(limit);

  const editor = await connectAs('editor');
  const title = `${prefix}Translation status`;
  const newRevId = await humanEdit(editor, title, fitted.text);
  const apiUrl = readCredentials().apiUrl;
  const intendedRedLinks = reports.map((report) => report.title);
  const check = await checkRenderedRevisions([{ title, oldRevId: null, newRevId }], { apiUrl, intendedRedLinks, expectations: renderExpectations['translation-status'] });
  expect(formatRenderCheck(check)).toBe('1 pages checked, 0 defects');

  const rendering = await renderRevision(apiUrl, newRevId);
  const [table] = rendering.html.querySelectorAll('table.wikitable.sortable');
  const rows = table.querySelectorAll('tr').map((row) => row.querySelectorAll('th, td').map((cell) => cell.textContent.trim()));
  expect(rows[0]).toEqual(['Page', 'Translation units', 'Languages at 90% or more', 'At 50% or more', 'Started']);
  expect(rows.slice(1).map((row) => row[0])).toEqual(reports.map((report) => report.title));
  expect(rows.every((row) => row.length === 5)).toBe(true);
  expect(rows[1]).toEqual([`${prefix}Team 1`, '5', '1', '1', '2']);
  expect(rows[4]).toEqual([`${prefix}Team 4`, 'not marked for translation', '–', '–', '–']);
  expect(rendering.html.querySelectorAll('h2').length).toBe(0);
});
