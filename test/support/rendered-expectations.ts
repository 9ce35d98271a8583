// What each task's pages must show once rendered, beyond the checks every page gets
// (rendered-check.ts): the banner where it belongs, the managed region inside its section, the
// report as a table, the reminder as its own section. Every registered task needs an entry here;
// the rendered-pages test fails for one that has none.
import type { HTMLElement } from 'node-html-parser';
import type { Rendering } from './rendered-check';

export type Expectation = (rendering: Rendering, before: Rendering | null) => string[];

function content(rendering: Rendering): HTMLElement[] {
  const root = rendering.html.querySelector('.mw-parser-output') ?? rendering.html;
  return root.childNodes.filter((node): node is HTMLElement => 'tagName' in node && typeof (node as HTMLElement).tagName === 'string');
}

function headingText(element: HTMLElement): string {
  return (element.querySelector('.mw-headline') ?? element).textContent.trim();
}

/** The elements under the heading named `title` (up to the next heading), or null when there is none. */
function sectionUnder(rendering: Rendering, title: string): HTMLElement[] | null {
  const elements = content(rendering);
  const start = elements.findIndex((e) => /^H[1-6]$/.test(e.tagName) && headingText(e) === title);
  if (start < 0) return null;
  const end = elements.findIndex((e, i) => i > start && /^H[1-6]$/.test(e.tagName));
  return elements.slice(start + 1, end < 0 ? undefined : end);
}

/** {{Historical}} renders once, before the page's first heading, above what the page says. */
const bannerOnTop: Expectation = (rendering) => {
  const elements = content(rendering);
  const banners = rendering.html.querySelectorAll('.historical-notice');
  if (banners.length !== 1) return [`the historical notice renders ${banners.length} times, not once`];
  const at = elements.findIndex((e) => e === banners[0] || e.querySelector('.historical-notice') !== null);
  const firstHeading = elements.findIndex((e) => /^H[1-6]$/.test(e.tagName));
  const firstText = elements.findIndex((e) => e.tagName === 'P' && e.textContent.trim() !== '');
  if (at < 0) return ['the historical notice is not at the top level of the page'];
  if (firstHeading >= 0 && at > firstHeading) return ['the historical notice renders below the first heading'];
  if (firstText >= 0 && at > firstText) return ['the historical notice renders below the page\'s first paragraph'];
  return [];
};

/** The schedule renders in the "Office hours" section, as a list of sessions in UTC. */
const scheduleInSection =
  (sectionTitles: readonly string[]): Expectation =>
  (rendering) => {
    const section = sectionTitles.map((title) => sectionUnder(rendering, title)).find((found) => found !== null);
    if (!section) return [`no section headed ${sectionTitles.map((t) => `"${t}"`).join(' or ')}`];
    const items = section.flatMap((e) => e.querySelectorAll('li')).map((li) => li.textContent);
    return items.some((item) => item.includes('UTC')) ? [] : ['the office-hours section lists no session with a UTC time'];
  };

/** The report is a table with a header row and at least one row of figures. */
const reportTable: Expectation = (rendering) => {
  const tables = rendering.html.querySelectorAll('table.wikitable');
  if (!tables.length) return ['the translation report renders no table'];
  return tables.some((t) => t.querySelectorAll('th').length && t.querySelectorAll('tr').length > 1) ? [] : ['the report table has no header or no rows'];
};

/** The reminder is the page's last section, ends with the bot's signature, and the rest of the page is as it was. */
const reminderSection: Expectation = (rendering, before) => {
  const elements = content(rendering);
  const lastHeading = elements.map((e) => /^H[1-6]$/.test(e.tagName)).lastIndexOf(true);
  if (lastHeading < 0) return ['the reminder has no heading'];
  const text = elements.slice(lastHeading + 1).map((e) => e.textContent).join(' ').trim();
  const problems = /\(UTC\)$/.test(text) && text.includes('DeptBot') ? [] : [`the reminder does not end with the bot's signature: "…${text.slice(-80)}"`];
  const earlier = before ? content(before).length : 0;
  if (lastHeading < earlier) problems.push('the reminder is not after the sections that were on the page');
  return problems;
};

/** The bot's own status and Tasks pages: their text sits under headings, each task with its section. */
export const botPageExpectation: Expectation = (rendering) =>
  content(rendering).some((e) => /^H[1-6]$/.test(e.tagName)) ? [] : ['the page has no headings'];

export const renderExpectations: Readonly<Record<string, Expectation>> = {
  'historical-banner': bannerOnTop,
  'office-hours': scheduleInSection(['Office hours', 'Office hour']),
  'translation-status': reportTable,
  'talk-reminders': reminderSection,
};
