// The balance check of an output that only gained a section at its end (src/wikitext/section-append-balance.ts)
// must give the full parse's answer: generated pages made of the markup that could reach over the
// appended section (unclosed tags and comments, links and braces across lines, headings on the last
// line, Translate tags), generated sections (balanced or not), each answer compared with the full parse.
import fs from 'node:fs';
import path from 'node:path';
import { renderRegion } from '../../../src/core/managed-region';
import { appendedSectionBalanced, appendedSectionStart } from '../../../src/wikitext/section-append-balance';
import { tagSpans, withCallsAsText } from '../../../src/wikitext/balance-in-parts';
import { findUnbalancedMarkup, forgetReadings, wikitextPartChecks } from '../../../src/wikitext/parse';
import { renderSchedule } from '../../../tasks/office-hours/render-schedule';
import { expandOccurrences } from '../../../tasks/shared/office-hour-schedule/expand-occurrences';
import { seededRandom } from '../../support/seeded-random';

const seedsDir = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'seeds');
const seeds = fs.readdirSync(seedsDir).map((name) => fs.readFileSync(path.join(seedsDir, name), 'utf8'));

const FRAGMENTS = [
  'Text', ' ', '\n', '\n\n', '|', '=', '==', '= H =', '== H ==', '== H ==\n', '-', '[', ']', '[[', ']]', '[[Link|text]]', '[[Foo\nbar]]',
  '-{', '}-', '-{zh:a}-', '{', '}', '{{', '}}', '{{{', '}}}', '{{Foo|a=b}}', '{{Foo|\n=x\n}}', '{{{1|x}}}', '{{Historical}}', '{|', '|}',
  '<languages/>', '#REDIRECT [[Target]]\n', '<pre>', '</pre>', '<pre>{{x}}</pre>', '<nowiki>', '</nowiki>', '<nowiki/>', '<!--', '-->',
  '<!-- c -->', '<translate>', '</translate>', '<translate>\nx\n</translate>', '<includeonly>', '</includeonly>', '<noinclude>',
  '</noinclude>', '<onlyinclude>', '</onlyinclude>', '<ref name=x>', '</ref>', '<ref name={{x}}>', '<tvar name=1>', '</tvar>',
  '<div>', '</div>', '<', '>', '/>', '\t', '<!-- generated page 1 of 9 -->',
];

/** Section bodies as office-hours renders them, and pieces that could pair with the page before them. */
const BODY_PARTS = [
  "'''Upcoming office hours'''", '* 2026-01-08 16:00 UTC (60 minutes, in English) – [https://x.example/?a=b join]',
  '{| class="wikitable"\n! Date\n|-\n| {{#time:j F Y|2026-01-08|{{PAGELANGUAGE}}}}\n|}', '{{#language:de|{{PAGELANGUAGE}}}}',
  '<translate>Past sessions</translate>', 'No office hours are scheduled at the moment.', '}}', ']]', '}-', '{{', '[[', '-->', '</pre>',
  '</translate>', '</includeonly>', '= x =', '\n', '\n\n', '|', '=',
];

const random = seededRandom(20261208);
const below = (n: number) => Math.floor(random() * n);
const pick = <T>(list: readonly T[]): T => list[below(list.length)];

function generatedPage(): string {
  const parts = Array.from({ length: below(14) }, () => pick(FRAGMENTS));
  return `${parts.join(random() < 0.5 ? '' : '\n')}\n`;
}

function generatedSection(): string {
  const heading = pick(['== Office hours ==', '== <translate>Office hours</translate> ==', '=== Office hours ===', '== Office hours']);
  const body = Array.from({ length: 1 + below(4) }, () => pick(BODY_PARTS)).join('\n');
  return `${heading}\n${renderRegion('office-hours', body)}\n\n`;
}

/** Both answers for the page with the section appended as office-hours does; the shortcut's with the page read first, as the framework has it. */
function bothAnswers(page: string, section: string): { output: string; shortcut: boolean; full: string | null } {
  const output = `${page}\n${section}`;
  forgetReadings();
  const pageBalanced = findUnbalancedMarkup(page) === null;
  const shortcut = pageBalanced && appendedSectionBalanced(page, output);
  forgetReadings();
  return { output, shortcut, full: findUnbalancedMarkup(output) };
}

describe('appendedSectionBalanced', () => {
  it('says balanced only when the full parse does, for every generated page and section, and often does', () => {
    const pages = [...Array.from({ length: 1500 }, generatedPage), ...seeds.map((seed) => `${seed.trimEnd()}\n`)];
    let shortcuts = 0;
    let bothPartsBalanced = 0;
    for (const page of pages) {
      const section = generatedSection();
      const { output, shortcut, full } = bothAnswers(page, section);
      if (shortcut) expect({ output, full }).toEqual({ output, full: null });
      if (shortcut) shortcuts++;
      if (findUnbalancedMarkup(page) === null && findUnbalancedMarkup(section) === null) bothPartsBalanced++;
    }
    // Taken for many outputs whose page and section are balanced (not: where a construct, or a tag
    // without its closer, which tagSpans counts as running to the end, reaches over the cut).
    expect(shortcuts).toBeGreaterThan(250);
    expect(shortcuts).toBeGreaterThan(bothPartsBalanced * 0.55);
  });

  it('leaves a balanced page balanced when a line break is added at its end (the argument’s step about the page)', () => {
    for (let index = 0; index < 1500; index++) {
      const page = generatedPage();
      forgetReadings();
      const verdict = findUnbalancedMarkup(page);
      forgetReadings();
      if (verdict === null) expect({ page, after: findUnbalancedMarkup(`${page}\n`) }).toEqual({ page, after: null });
    }
  });

  it.each([
    ['an unclosed <pre>', '<pre>\nText\n'],
    ['an unclosed <nowiki>', 'Text <nowiki>\n'],
    ['an unclosed comment', 'Text <!--\n'],
    ['an open <translate>', '<translate>\nText\n'],
  ])('does not cut where %s reaches over the section', (_name, page) => {
    expect(appendedSectionStart(page, `${page}\n== Office hours ==\n`)).toBeNull();
  });

  it('finds the cut only where the page is kept whole and a heading follows an empty line', () => {
    expect(appendedSectionStart('Text\n', 'Text\n\n== H ==\n')).toBe(6);
    expect(appendedSectionStart('Text', 'Text\n\n== H ==\n')).toBeNull();
    expect(appendedSectionStart('Text\n', 'Text\n== H ==\n')).toBeNull();
    expect(appendedSectionStart('Text\n', 'Text\n\nMore\n')).toBeNull();
    expect(appendedSectionStart('Text\n', 'Other\n\n== H ==\n')).toBeNull();
    expect(appendedSectionStart('Text\r\n', 'Text\r\n\n== H ==\n')).toBeNull();
  });

  it('lets a self-closing tag end at its "/>", as the first pass does, and not Translate’s tags', () => {
    const page = '<languages/>\n<translate>\nText\n</translate>\n<references />\n';
    expect(appendedSectionStart(page, `${page}\n== Office hours ==\n`)).toBe(page.length + 1);
    expect(appendedSectionStart('<tvar name=1/>\n', '<tvar name=1/>\n\n== H ==\n')).toBeNull();
    expect(appendedSectionStart('<ref name=x>\n', '<ref name=x>\n\n== H ==\n')).toBeNull();
  });

  it('checks a translatable schedule with its rows’ calls written over, and a stray "}}" in a note still fails it', () => {
    const session = { id: 'x', page: 'P', start: '2027-02-02T10:00', timeZone: 'UTC', rrule: 'FREQ=WEEKLY;COUNT=3', durationMinutes: 45, language: 'es', link: 'https://meet.example.org/x' };
    const sectionOf = (notes: string) => {
      const occurrences = expandOccurrences([{ ...session, notes }], new Date(0), new Date('2028-01-01T00:00:00Z'));
      return `== <translate>Office hours</translate> ==\n${renderRegion('office-hours', renderSchedule({ upcoming: occurrences, past: occurrences }, { translatable: true }))}\n`;
    };
    const section = sectionOf('Tema: hubs | foro');
    // Every {{#time:…}}, {{#language:…}} and {{PAGELANGUAGE}} is written over; {{!}} (a placeholder of its own) is not.
    const written = withCallsAsText(section, tagSpans(section, wikitextPartChecks.tagNames()), wikitextPartChecks);
    expect(written.match(/\{\{.*?\}\}/g)).toEqual(['{{!}}', '{{!}}', '{{!}}']);
    expect(appendedSectionBalanced('Text\n', `Text\n\n${section}`)).toBe(true);
    const damaged = sectionOf('Tema: }} foro');
    expect(appendedSectionBalanced('Text\n', `Text\n\n${damaged}`)).toBe(false);
    forgetReadings();
    expect(findUnbalancedMarkup(`Text\n\n${damaged}`)).toMatch(/closes a template that was never opened/);
  });

  it('refuses an unbalanced section, and a balanced section after an unbalanced page is not taken as balanced', () => {
    expect(appendedSectionBalanced('Text\n', 'Text\n\n== H ==\n}}\n')).toBe(false);
    expect(appendedSectionBalanced('{{Text\n', '{{Text\n\n== H ==\n')).toBe(false);
    expect(appendedSectionBalanced('Text\n', 'Text\n\n== H ==\n{{A}}\n')).toBe(true);
  });
});
