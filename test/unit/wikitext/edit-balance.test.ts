// The balance check of an output that only gained a call line (src/wikitext/edit-balance.ts) must give
// the full parse's answer: generated pages made of the markup that could interact with the inserted
// line (links across lines, headings before blank lines, redirects, unclosed tags, Translate tags,
// `-{…}-`, carriage returns), lines put in at line starts, each answer compared with the full parse.
import fs from 'node:fs';
import path from 'node:path';
import { findUnbalancedMarkupAfterEdit, insertsSelfContainedCall, lineInsertion } from '../../../src/wikitext/edit-balance';
import { findUnbalancedMarkup, forgetReadings } from '../../../src/wikitext/parse';
import { seededRandom } from '../../support/seeded-random';

const seedsDir = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'seeds');
const seeds = fs.readdirSync(seedsDir).map((name) => fs.readFileSync(path.join(seedsDir, name), 'utf8'));

const FRAGMENTS = [
  'Text', ' ', '\n', '\n\n', '\r\n', '|', '=', '==', '= H =', '== H ==\n', '-', '[', ']', '[[', ']]', '[[Link|text]]', '[[Foo\nbar]]',
  '-{', '}-', '-{zh:a}-', '{', '}', '{{', '}}', '{{{', '}}}', '{{Foo|a=b}}', '{{Foo|\n=x\n}}', '{{{1|x}}}', '{{Historical}}',
  '<languages/>', '<languages />', '<languages/>\n', '#REDIRECT [[Target]]\n', '#redirect', '<pre>', '</pre>', '<pre>{{x}}</pre>',
  '<nowiki>', '</nowiki>', '<nowiki/>', '<!--', '-->', '<!-- c -->', '<translate>', '</translate>', '<translate>\nx\n</translate>',
  '<includeonly>', '</includeonly>', '<noinclude>', '</noinclude>', '<onlyinclude>', '</onlyinclude>', '<ref name=x>', '</ref>',
  '<br/>', '<br />', '<tvar name=1>', '</tvar>', '<div>', '</div>', '<', '>', '/>', '\u2028', '\t',
];

const LINES = [
  '{{Historical|comment=Retired in 2019.|date=November 2019}}\n',
  '{{Historical}}\n',
  '{{ historical_ }}\n',
  '{{Template:Historical|a=b=c}}\n',
  '{{:Main page}}\n',
  '{{#if:x|y}}\n',
  '{{PAGENAME}}\n',
  '{{}}\n',
  '{{A|[[b]]}}\n',
  '{{A|<b>}}\n',
  '{{A}}',
  '{{A}}\n\n',
];

const random = seededRandom(20261207);
const below = (n: number) => Math.floor(random() * n);

/** Lines that open nothing, before which and after which the line may go. */
const LEADING_LINES = ['', '', '<languages/>\n', 'Intro text.\n', ' \n', '<br />\n<languages />\n'];

function generatedPage(): string {
  const parts = Array.from({ length: below(14) }, () => FRAGMENTS[below(FRAGMENTS.length)]);
  return LEADING_LINES[below(LEADING_LINES.length)] + parts.join(random() < 0.5 ? '' : '\n');
}

/** Line starts of the text: the first few, and a few more at random. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return [...new Set([...starts.slice(0, 3), ...Array.from({ length: 2 }, () => starts[below(starts.length)])])];
}

/** Both answers for the page with the line put in at `at`; the shortcut's first, then the full parse's on a fresh reading. */
function bothAnswers(page: string, line: string, at: number): { edited: string; shortcut: string | null; full: string | null } {
  const edited = page.slice(0, at) + line + page.slice(at);
  forgetReadings();
  const shortcut = findUnbalancedMarkupAfterEdit(page, edited);
  forgetReadings();
  return { edited, shortcut, full: findUnbalancedMarkup(edited) };
}

describe('findUnbalancedMarkupAfterEdit', () => {
  it('gives the full parse’s answer for every generated page and inserted line, and skips the parse often', () => {
    const pages = [...Array.from({ length: 700 }, generatedPage), ...seeds];
    let compared = 0;
    let shortcuts = 0;
    let balancedShortcuts = 0;
    for (const page of pages) {
      for (const at of lineStarts(page)) {
        const line = LINES[below(LINES.length)];
        const { edited, shortcut, full } = bothAnswers(page, line, at);
        expect({ page, line, at, answer: shortcut }).toEqual({ page, line, at, answer: full });
        compared++;
        forgetReadings();
        if (findUnbalancedMarkup(page) === null && insertsSelfContainedCall(page, edited)) {
          shortcuts++;
          if (full === null) balancedShortcuts++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1500);
    // The shortcut is taken (and then the full parse agrees that the output is balanced) in many cases.
    expect(shortcuts).toBeGreaterThan(300);
    expect(balancedShortcuts).toBe(shortcuts);
  });

  it.each([
    ['a redirect at the start', '#REDIRECT [[Target]]\nText', 0],
    ['a link across the insertion point', '[[Foo\nbar]] text', 6],
    ['a heading before a blank line', '== H ==\n\nText', 8],
    ['an unclosed <pre> before', '<pre>\nText', 6],
    ['a <languages/> bar first', '<languages/>\n<translate>\nText\n</translate>', 13],
  ])('decides as the full parse does with %s', (_name, page, at) => {
    const { shortcut, full } = bothAnswers(page, '{{Historical}}\n', at);
    expect(shortcut).toBe(full);
  });

  it('takes the shortcut only where the text before the line opens nothing', () => {
    const line = '{{Historical}}\n';
    expect(insertsSelfContainedCall('Text', `${line}Text`)).toBe(true);
    expect(insertsSelfContainedCall('<languages/>\nText', `<languages/>\n${line}Text`)).toBe(true);
    expect(insertsSelfContainedCall('#REDIRECT [[Target]]\nText', `${line}#REDIRECT [[Target]]\nText`)).toBe(false);
    expect(insertsSelfContainedCall('[[Foo\nbar]]', `[[Foo\n${line}bar]]`)).toBe(false);
    expect(insertsSelfContainedCall('== H ==\n\nText', `== H ==\n${line}\nText`)).toBe(false);
    expect(insertsSelfContainedCall('<pre>\nText', `<pre>\n${line}Text`)).toBe(false);
    expect(insertsSelfContainedCall('Text', '{{#if:x|y}}\nText')).toBe(false);
  });

  it('finds the earliest line start the insertion can be read at', () => {
    expect(lineInsertion('{{Other}}\nText', '{{Historical}}\n{{Other}}\nText')).toEqual({ at: 0, inserted: '{{Historical}}\n' });
    expect(lineInsertion('<languages/>\nText', '<languages/>\n{{H}}\nText')).toEqual({ at: 13, inserted: '{{H}}\n' });
    expect(lineInsertion('Text', 'Text and more')).toBeNull();
    expect(lineInsertion('Text', 'Tex')).toBeNull();
  });
});
