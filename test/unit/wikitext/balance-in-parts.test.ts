// A long text's balance checked in parts (src/wikitext/balance-in-parts.ts) must never pass a text
// whose whole parse does not, and findUnbalancedMarkup must answer a long text as its whole parse does.
import { balancedInParts, cutPoints, LONG_TEXT, tagSpans, withCallsAsText } from '../../../src/wikitext/balance-in-parts';
import { findTemplates, findUnbalancedMarkup, forgetReadings, wikitextPartChecks } from '../../../src/wikitext/parse';
import { renderReport } from '../../../tasks/translation-status/render-report';
import type { PageReport } from '../../../tasks/translation-status/build-page-report';
import { seededRandom as random } from '../../support/seeded-random';

/** The whole text's verdict, as the model gives it once the text has been read whole. */
function wholeVerdict(text: string): string | null {
  forgetReadings();
  findTemplates(text);
  return findUnbalancedMarkup(text);
}

const spansOf = (text: string) => tagSpans(text, wikitextPartChecks.tagNames());

/** Parts of at least one character: every allowed cut is made. */
const inSmallParts = (text: string) => balancedInParts(text, wikitextPartChecks, 1);

describe('a cut is never where a later part could change an earlier one', () => {
  it.each([
    // A <pre> opened in one part and closed in the next takes "}}" away from the template before it.
    ['{{a|<pre>}}\n\n== h ==\n</pre>{{b}}'],
    // <nowiki> hides a <translate> block from Translate's pass; its </nowiki> comes after the cut.
    ['<!-- <nowiki> -->\n<translate>x</translate>\n\n== h ==\n</nowiki>'],
    // A "<translate" whose ">" is after the cut.
    ['a <translate foo\n\n== h ==\n> b </translate>'],
    ['Text <!-- a comment\n\n== h ==\nover the cut --> {{a}}'],
  ])('%j: no cut, the whole text decides', (text) => {
    expect(cutPoints(text, spansOf(text), 1)).toEqual([]);
    expect(inSmallParts(text)).toBe(false);
  });

  it.each([
    ['[[x\n\n== h ==\n]] }}', [5]],
    ['-{x\n\n== h ==\n}- {{a}}', [5]],
    ['{{a|\n\n== h ==\n}}', [6]],
    ['== a ==\n\n== h ==\nfoo\n\n== i ==\n', [9, 22]],
  ])('%j is cut at the start of a heading line after an empty line: %j', (text, cuts) => {
    expect(cutPoints(text, spansOf(text), 1)).toEqual(cuts);
  });

  it('a template open over a cut fails its part, so the whole text decides (balanced here)', () => {
    const text = '{{a|\n\n== h ==\n}}';
    expect(inSmallParts(text)).toBe(false);
    expect(wholeVerdict(text)).toBeNull();
  });
});

/** Pieces of markup that open, close or hide something, mixed with plain text and headings. */
const PIECES = [
  'text ', '{{a|', '}}', '{{b}}', '{{#language:de|en}}', '[[', ']]', '[[:T]]', '-{', '}-', '{{{1}}}', '|', '=', '\n',
  '<!--', '-->', '<pre>', '</pre>', '<nowiki>', '</nowiki>', '<translate>', '</translate>', '<translate nowrap>',
  '<includeonly>', '</includeonly>', '<noinclude>', '<ref>', '</ref>', '<span style="x">', '</span>', '{|', '|}', "'''",
  '{', '}', '{{#language:fr|en}}', '<ref name=', '>', '<translate', '-', '{{#language:}}', '{{#language:x|y|z}}', '{{#vardefine:a|b}}',
];

function generatedText(next: () => number): string {
  const sections = 2 + Math.floor(next() * 4);
  const out: string[] = [];
  for (let s = 0; s < sections; s++) {
    const pieces = Array.from({ length: 1 + Math.floor(next() * 6) }, () => PIECES[Math.floor(next() * PIECES.length)]);
    out.push(`${s === 0 ? '' : '\n\n'}== Section ${s} ==\n${pieces.join('')}`);
  }
  return out.join('');
}

describe('checked in parts, a text passes only when its whole parse passes', () => {
  it('holds for 1,500 generated texts of tricky markup across the cuts', () => {
    const next = random(20_261_207);
    let passedInParts = 0;
    let balancedWhole = 0;
    for (let n = 0; n < 1500; n++) {
      const text = generatedText(next);
      const whole = wholeVerdict(text);
      if (whole === null) balancedWhole++;
      if (inSmallParts(text)) {
        passedInParts++;
        expect({ text, whole }).toEqual({ text, whole: null });
      }
    }
    // The parts do decide for many texts (the check is not vacuous), and not for all balanced ones.
    expect(passedInParts).toBeGreaterThan(100);
    expect(balancedWhole).toBeGreaterThan(passedInParts);
  });
});

/** A report of `count` pages with figures, as translation-status renders it. */
function longReport(count: number): string {
  const reports: PageReport[] = Array.from({ length: count }, (_, index) => ({
    kind: 'figures',
    title: `Bench page ${index}`,
    sourceLanguage: 'en',
    units: 12,
    rows: ['de', 'fr', 'ja'].map((code, rank) => ({ code, total: 12, translated: rank + 3, fuzzy: 1, proofread: 0, percent: 25 + rank, priority: false, change: rank - 1 })),
    summary: { atLeast90: 0, atLeast50: 0, started: 3 },
    baselineDate: '2026-12-01',
    changedSinceLastRun: true,
  }));
  return `Intro.\n\n<!-- deptbot:translation-status -->\n${renderReport(reports, { botName: 'DeptBot', priorityLanguages: [] })}\n<!-- /deptbot:translation-status -->\nOutro.`;
}

/** Calls the parser makes one node of, nested, in names, next to braces, links and headings, with names whose placeholder is not plain. */
const CALL_PIECES = [
  '{{PAGELANGUAGE}}', '{{#time:Y-m-d (l)|2026-12-10|{{PAGELANGUAGE}}}}', '{{#language:en|{{PAGELANGUAGE}}}}', '{{a|{{b|{{c}}}}}}',
  '{{!}}', '{{=}}', '{{ ! }}', '{{!!}}', '{{(!}}', '{{!)}}', '{{!-}}', '{{server}}', '{{SERVER}}', '{{filepath:x}}', '{{fullurl:{{b}}}}',
  '{{#vardefine:{{b}}}}', '{{A{{b}}}}', '{{Template:{{b}}}}', '{{#{{b}}}}', '{{:{{b}}}}', '{{ {{b}} }}', '{{a[[b|{{c}}]]}}',
  '{{a-{b|{{c}}}-}}', '{{subst:{{b}}}}', '{{#if:{{b}}|x}}', '{{b|x=1}}', '{{{a|{{b}}}}}', '{{b}}}', '-{{b}}', '{{b}}-', '= {{b}} =',
  `{{${'x'.repeat(250)}{{b}}}}`, '{{b}}\n=', '{{a|{{b}}\n}}', '[[a|{{b}}]]', '{{b <!-- c -->}}', '{{#language:de|en}}}}',
];

/** A text of those calls and the tricky pieces, sometimes starting with a redirect. */
function generatedCallText(next: () => number): string {
  const pick = (list: readonly string[]) => list[Math.floor(next() * list.length)];
  const pieces = Array.from({ length: 1 + Math.floor(next() * 8) }, () => pick(next() < 0.5 ? CALL_PIECES : PIECES));
  const start = next() < 0.15 ? '#REDIRECT [[A|' : next() < 0.3 ? '== h ==\n' : '';
  return start + pieces.join(next() < 0.3 ? '\n' : '');
}

describe('calls written over as text before a text is checked', () => {
  it.each([
    ['| {{#language:de|en}} || de', '| @@@@@@@@@@@@@@@@@@@ || de'],
    // Innermost first, then the call around it; whatever "}" follows.
    ['| {{#time:Y-m-d (l)|2026-12-10|{{PAGELANGUAGE}}}} ||', `| ${'@'.repeat(47)} ||`],
    ['x{{#language:de|en}}}', 'x@@@@@@@@@@@@@@@@@@@}'],
    // Not after a newline or "{", nothing the first pass could read as a tag.
    ['\n{{#language:de|en}}', '\n{{#language:de|en}}'],
    ['{{{#language:de|en}}}', '{{{#language:de|en}}}'],
    ['{{#language:de <b>|en}}', '{{#language:de <b>|en}}'],
    // Names whose placeholder the parser's patterns treat apart.
    ['a {{!}} {{ = }} {{filepath:x}} {{#vardefine:a|b}}', 'a {{!}} {{ = }} {{filepath:x}} {{#vardefine:a|b}}'],
    // A redirect's node takes the calls in its link as text.
    ['#REDIRECT [[A|{{b}}]]', '#REDIRECT [[A|{{b}}]]'],
    // Inside a construct of the first pass: a <pre> with a <nowiki> in it has its text checked, braces unpaired.
    ['<pre>{{#language:de|en}}<nowiki>x</nowiki></pre> {{#language:de|en}}', '<pre>{{#language:de|en}}<nowiki>x</nowiki></pre> @@@@@@@@@@@@@@@@@@@'],
    // A tag without its closer might take the rest of the text.
    ['<nowiki/> {{#language:de|en}}', '<nowiki/> {{#language:de|en}}'],
  ])('%j → %j', (text, expected) => {
    expect(withCallsAsText(text, spansOf(text), wikitextPartChecks)).toBe(expected);
  });

  it('a call the parser does not make one node of is kept', () => {
    expect(withCallsAsText('a {{#language:de|en}} b', [], { ...wikitextPartChecks, isOneNode: () => false })).toBe('a {{#language:de|en}} b');
  });

  it.each([
    ['6,000 generated texts of tricky markup', generatedText, 6000, 800],
    ['6,000 generated texts of nested calls, names and redirects', generatedCallText, 6000, 1500],
  ])('for %s: balanced after the calls are written over only when balanced as written', (_name, generate, count, least) => {
    const next = random(1_207);
    let rewritten = 0;
    for (let n = 0; n < count; n++) {
      const text = generate(next);
      const asText = withCallsAsText(text, spansOf(text), wikitextPartChecks);
      if (asText !== text) rewritten++;
      if (wholeVerdict(asText) === null) expect({ text, whole: wholeVerdict(text) }).toEqual({ text, whole: null });
    }
    expect(rewritten).toBeGreaterThan(least);
  });
});

describe('findUnbalancedMarkup of a long text answers as the whole parse does', () => {
  const report = longReport(120);

  it('a long report is long enough to be checked in parts, and is cut', () => {
    expect(report.length).toBeGreaterThan(2 * LONG_TEXT);
    expect(cutPoints(report, spansOf(report)).length).toBeGreaterThan(1);
  });

  it('balanced: null, in parts and whole', () => {
    forgetReadings();
    expect(findUnbalancedMarkup(report)).toBeNull();
    expect(balancedInParts(report, wikitextPartChecks)).toBe(true);
    expect(wholeVerdict(report)).toBeNull();
  });

  it.each([
    ['a stray "}}" in a middle section', (text: string) => text.replace('== [[:Bench page 60]] ==\n', '== [[:Bench page 60]] ==\n}}')],
    ['an unclosed "{{" in the last section', (text: string) => text.replace('== [[:Bench page 119]] ==\n', '== [[:Bench page 119]] ==\n{{x|')],
    ['a comment opened in one section and closed in a later one', (text: string) => text.replace('Bench page 30]] ==\n', 'Bench page 30]] ==\n<!--').replace('Bench page 90]] ==\n', 'Bench page 90]] ==\n-->}}')],
    ['a <pre> over many sections', (text: string) => text.replace('Bench page 10]] ==\n', 'Bench page 10]] ==\n{{a|<pre>}}').replace('Bench page 100]] ==\n', 'Bench page 100]] ==\n</pre>')],
    // Its calls were once written over, which the redirect's node takes as text.
    ['a redirect at the start whose link holds a call', (text: string) => `#REDIRECT [[A|{{#language:de|en}}]]\n${text}`],
  ])('%s: the whole parse decides, and its message is returned', (_name, damage) => {
    const text = damage(report);
    expect(text).not.toBe(report);
    const expected = wholeVerdict(text);
    forgetReadings();
    expect(findUnbalancedMarkup(text)).toBe(expected);
  });
});
