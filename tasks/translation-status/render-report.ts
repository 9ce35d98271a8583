// The report page's wikitext: one sortable table per page inside the managed region. Nothing here
// depends on the clock, so a run that finds the same figures renders the same text (and the writer
// then makes no edit); the only date shown is that of the figures the change column compares with.
import { findRegion, renderRegion, replaceRegionBody } from '../../src/core/managed-region';
import type { TransformResult } from '../../src/core/task';
import type { LanguageRow, PageReport } from './build-page-report';

export const REPORT_REGION = 'translation-status';

/** Wikimedia design colours: complete enough, half-way, far behind. */
const BAR_COLOURS = { high: '#14866d', middle: '#fc3', low: '#d33' } as const;
const SUMMARY_MAX_LENGTH = 250;

export interface ReportContext {
  botName: string;
  priorityLanguages: readonly string[];
}

function languageName(code: string): string {
  return `{{#language:${code}|en}}`;
}

function progressBar(percent: number): string {
  const colour = percent >= 90 ? BAR_COLOURS.high : percent >= 50 ? BAR_COLOURS.middle : BAR_COLOURS.low;
  const track = 'display:inline-block;width:5em;background:#eaecf0;border:1px solid #a2a9b1;vertical-align:middle';
  return `<span style="${track}"><span style="display:block;width:${percent}%;height:0.7em;background:${colour}"></span></span>`;
}

function changeCell(change: number): string {
  if (change > 0) return `data-sort-value="${change}" | <span style="color:${BAR_COLOURS.high}">▲ ${change}</span>`;
  if (change < 0) return `data-sort-value="${change}" | <span style="color:${BAR_COLOURS.low}">▼ ${-change}</span>`;
  return 'data-sort-value="0" | –';
}

function languageRow(row: LanguageRow): string {
  const name = `${languageName(row.code)}${row.priority ? " <small>''(priority)''</small>" : ''}`;
  const complete = `data-sort-value="${row.percent}" | ${progressBar(row.percent)} ${row.percent}%`;
  const change = row.change === null ? '' : ` || ${changeCell(row.change)}`;
  return `|-\n| ${name} || ${row.code} || ${complete} || ${row.fuzzy} || ${row.proofread}${change}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function pageSection(report: PageReport): string {
  const heading = `== [[:${report.title}]] ==`;
  switch (report.kind) {
    case 'incomplete':
      return `${heading}\n''Statistics incomplete.'' Translate is still rebuilding its statistics for this page (a job was queued; asked ${plural(report.attempts, 'time', 'times')}). The figures will appear after a later run; they are not 0%.`;
    case 'not-marked':
      return `${heading}\n''Not marked for translation.'' Translate has no message group for this page. A translation administrator can mark it in [[Special:PageTranslation]].`;
    case 'unreadable':
      return `${heading}\n''Statistics could not be read:'' <nowiki>${report.reason}</nowiki>`;
    case 'figures': {
      const { summary } = report;
      const source = report.sourceLanguage ? `, source language ${languageName(report.sourceLanguage)}` : '';
      const intro =
        `${plural(report.units, 'translation unit', 'translation units')}${source}. ` +
        `Languages at 90% or more: '''${summary.atLeast90}'''; at 50% or more: '''${summary.atLeast50}'''; started: '''${summary.started}'''.`;
      // Without earlier figures there is nothing to compare with: no change column until the next run.
      const changeHeader = report.baselineDate ? ` !! Change since ${report.baselineDate} (points)` : '';
      const table = [
        '{| class="wikitable sortable"',
        `! Language !! Code !! % complete !! Outdated units !! Proofread units${changeHeader}`,
        ...report.rows.map(languageRow),
        '|}',
      ].join('\n');
      return report.rows.length ? `${heading}\n${intro}\n${table}` : `${heading}\n${intro}\nNo translations yet.`;
    }
  }
}

function reportIntro(context: ReportContext): string {
  const priority = context.priorityLanguages.length
    ? ` Priority languages (always listed): ${context.priorityLanguages.map(languageName).join(', ')}.`
    : '';
  return (
    `Translation completeness of the watched translatable pages, from the Translate extension's statistics, ` +
    `kept current by [[User:${context.botName}|${context.botName}]] (task translation-status). ` +
    `''% complete'' counts up-to-date translated units, as the header of each translation page does; outdated units need updating.` +
    priority
  );
}

const NO_PAGES = "No translatable pages are watched: set <code>pages</code> or <code>discoverPrefixes</code> in the task's settings.";

/**
 * The body with a table per page when it fits in `room` bytes, else null. The sections are measured
 * one by one and kept only while they fit, so a report far larger than the wiki takes is never built whole.
 */
function tablesWithin(reports: readonly PageReport[], context: ReportContext, room: number): string | null {
  const intro = reportIntro(context);
  if (reports.length === 0) return `${intro}\n\n${NO_PAGES}`;
  const parts = [intro];
  let bytes = Buffer.byteLength(intro);
  for (const report of reports) {
    const section = pageSection(report);
    bytes += 2 + Buffer.byteLength(section);
    if (bytes > room) return null;
    parts.push(section);
  }
  return parts.join('\n\n');
}

/** The body of the managed region: a table per page. */
export function renderReport(reports: readonly PageReport[], context: ReportContext): string {
  return tablesWithin(reports, context, Infinity) as string;
}

/** A page's row of the summary table: its figures' summary, or what stands in for them. */
function summaryRow(report: PageReport): string {
  const page = `[[:${report.title}]]`;
  const standIn = (words: string) => `|-\n| ${page} || data-sort-value="-1" | ''${words}'' || – || – || –`;
  switch (report.kind) {
    case 'incomplete':
      return standIn('statistics incomplete');
    case 'not-marked':
      return standIn('not marked for translation');
    case 'unreadable':
      return standIn('statistics could not be read');
    case 'figures':
      return `|-\n| ${page} || ${report.units} || ${report.summary.atLeast90} || ${report.summary.atLeast50} || ${report.summary.started}`;
  }
}

/** The body when a table per page would not fit: one table, a row per page. */
function summaryReport(reports: readonly PageReport[], context: ReportContext, maxBytes: number): string {
  const why =
    `''A table per page would make this page larger than the wiki takes (${maxBytes.toLocaleString('en-US')} bytes), ` +
    `so each page has one row here, with the figures of its summary line. Watch fewer pages to see each page's table.''`;
  const table = [
    '{| class="wikitable sortable"',
    '! Page !! Translation units !! Languages at 90% or more !! At 50% or more !! Started',
    ...reports.map(summaryRow),
    '|}',
  ].join('\n');
  return `${reportIntro(context)}\n\n${why}\n${table}`;
}

/**
 * Puts the report in its region as the page can hold it: a table per page when the page then stays
 * within `maxBytes` (the wiki's `maxarticlesize`), else one summary table of every page (a report
 * that does not fit even so is refused by the writer, with its size). Without a limit, a table per page.
 */
export function upsertFittedReport(text: string, reports: readonly PageReport[], context: ReportContext, maxBytes?: number): TransformResult {
  if (maxBytes === undefined) return upsertReport(text, renderReport(reports, context), context.botName);
  const withoutBody = upsertReport(text, '', context.botName);
  if ('skip' in withoutBody) return withoutBody;
  const room = maxBytes - Buffer.byteLength(withoutBody.text);
  return upsertReport(text, tablesWithin(reports, context, room) ?? summaryReport(reports, context, maxBytes), context.botName);
}

/**
 * Puts the report in its region; a page without the region gets it at the end (a new page also gets
 * a short note). No trailing newline: MediaWiki strips it on save, and the next run would differ.
 */
export function upsertReport(text: string, body: string, botName: string): TransformResult {
  const region = findRegion(text, REPORT_REGION);
  if (region.kind === 'found' || region.kind === 'broken') return replaceRegionBody(text, REPORT_REGION, body);
  const block = renderRegion(REPORT_REGION, body);
  if (text.trim() === '') {
    const note = `This page is updated by [[User:${botName}|${botName}]]. Everything between the deptbot markers is rewritten on each run; please comment on the talk page.`;
    return { text: `${note}\n\n${block}` };
  }
  return { text: `${text.replace(/\s+$/, '')}\n\n${block}` };
}

function rowChange(row: LanguageRow): string {
  const arrow = row.change! > 0 ? `▲${row.change}` : `▼${-row.change!}`;
  return `${row.code} ${row.percent}% ${arrow}`;
}

/** The edit summary: what changed, in words (the framework adds the task and its documentation link). */
export function describeEdit(reports: readonly PageReport[]): string {
  // Figures that moved and pages that could not be read are what make an edit; a page that is not
  // marked stays so from run to run, so it is named only when there is nothing else to say.
  const changes = reports.flatMap((report): string[] => {
    if (report.kind === 'incomplete') return [`${report.title}: statistics incomplete`];
    if (report.kind === 'unreadable') return [`${report.title}: statistics unreadable`];
    if (report.kind !== 'figures' || !report.changedSinceLastRun) return [];
    const moved = report.rows.filter((row) => row.change);
    return moved.length ? [`${report.title}: ${moved.map(rowChange).join(', ')}`] : [];
  });
  const notMarked = reports.flatMap((report) => (report.kind === 'not-marked' ? [`${report.title}: not marked for translation`] : []));
  const parts = changes.length ? changes : notMarked;
  const text = parts.length
    ? `Translation status: ${parts.join('; ')}`
    : `Translation status of ${plural(reports.length, 'page', 'pages')}`;
  return text.length > SUMMARY_MAX_LENGTH ? `${text.slice(0, SUMMARY_MAX_LENGTH - 1)}…` : text;
}
