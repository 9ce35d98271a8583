// The wikitext model reads markup as MediaWiki's preprocessor does (wikiparser-node). Each table
// holds the examples of one class of defect from issue 13 and variants of them; the cases marked
// "MediaWiki" were checked against the local wiki (test/integration/wikitext-vs-mediawiki.test.ts
// asks it on every run).
import fs from 'node:fs';
import path from 'node:path';
import {
  configureWikitext,
  findSections,
  findTemplates,
  findTranslateBlocks,
  findUnbalancedMarkup,
  hasTranslateMarkup,
  maskInert,
  resetWikitextConfiguration,
} from '../../../src/wikitext/parse';

const names = (text: string) => findTemplates(text, { recursive: true }).map((call) => call.name);

describe('unclosed <nowiki> and <pre> are text, and the rest of the page stays live', () => {
  it.each([
    ['<nowiki>{{nobots}}', ['Nobots']],
    ['Text <nowiki>x\n\n{{nobots|DeptBot}}', ['Nobots']],
    ['<nowiki>\n{{Historical}}\nText.', ['Historical']],
    ['<pre>{{Historical}}', ['Historical']],
    ['<PRE class="x">{{Historical}}', ['Historical']],
    ['<nowiki>{{A}}</nowiki>{{B}}<nowiki>{{C}}', ['B', 'C']],
    ['<nowiki>{{A}}</nowiki >', []],
    ['<pre>{{A}}</pre>', []],
    ['<nowiki/>{{A}}', ['A']],
    ['</nowiki>{{A}}', ['A']],
  ])('%j calls %j', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    ['<nowiki>\n{{Foo|\nText.', '1 template call(s) opened with "{{" are never closed'],
    ['<pre>\n{{Foo|\nText.', '1 template call(s) opened with "{{" are never closed'],
    ['<nowiki>{{Foo|</nowiki>\nText.', null],
    ['<nowiki>\n}}\nText.', 'a "}}" at offset 9 closes a template that was never opened'],
  ])('balance of %j is %j', (text, reason) => {
    expect(findUnbalancedMarkup(text)).toBe(reason);
  });
});

describe('content of <includeonly> and of extension tags is not wikitext on the page', () => {
  it.each([
    ['<includeonly>{{Historical}}</includeonly>', []],
    ['<includeonly>{{Historical}}', []],
    ['<noinclude>{{Historical}}</noinclude>', ['Historical']],
    ['<onlyinclude>{{Historical}}</onlyinclude>', ['Historical']],
    ['<syntaxhighlight lang="wikitext">{{Historical}}</syntaxhighlight>', []],
    ['<source>{{Historical}}</source>', []],
    ['<math>{{Historical}}</math>', []],
    ['<ref>{{Historical}}</ref>', ['Historical']], // <ref>'s content is wikitext
    ['<!-- {{Historical}} -->', []],
  ])('%j calls %j', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    ['Text <math>\\frac{1}{\\sqrt{2}}</math>.', null],
    ['<syntaxhighlight lang="js">if (a) {{b: 1}}}</syntaxhighlight>', null],
    ['<source>}}</source>', null],
    ['<includeonly>}}</includeonly>', null],
    ['<includeonly>{{x}}', 'an <includeonly> opened at offset 0 is never closed'],
    ['<!-- {{a -->{{b}}', null],
    ['Text <!-- unclosed', 'an HTML comment opened at offset 5 is never closed'],
  ])('balance of %j is %j', (text, reason) => {
    expect(findUnbalancedMarkup(text)).toBe(reason);
  });

  it('asks the wiki which tags are extension tags: without the Math extension, <math> is text', () => {
    configureWikitext({ extensionTags: ['<pre>', '<nowiki>', '<gallery>', '<indicator>', '<langconvert>', '<languages>'] });
    try {
      expect(names('<math>{{Historical}}</math>')).toEqual(['Historical']);
      expect(findUnbalancedMarkup('Text <math>\\frac{1}{\\sqrt{2}}</math>.')).toBe('a "}}" at offset 27 closes a template that was never opened');
    } finally {
      resetWikitextConfiguration();
    }
    expect(names('<math>{{Historical}}</math>')).toEqual([]);
  });
});

describe('Translate tags are paired in order, not counted', () => {
  it.each([
    ['</translate> before <translate>', 'Text </translate> x <translate> y', 'a </translate> at offset 5 closes no <translate>'],
    [
      'the office-hours example',
      'Text.\n</translate>\n== Office hours ==\nProse.\n<translate>\n',
      'a </translate> at offset 6 closes no <translate>',
    ],
    ['an unclosed <translate>', '<translate>\nText', '<translate> tags are unbalanced (1 opened, 0 closed)'],
    ['a stray </translate>', '<translate>a</translate></translate>', '<translate> tags are unbalanced (1 opened, 2 closed)'],
    ['a <translate> inside another', '<translate>a<translate>b</translate>c</translate>', 'a </translate> at offset 37 closes no <translate>'],
    ['pairs in order', '<translate>a</translate> <translate>b</translate>', null],
    ['a tag inside <nowiki>', '<nowiki></translate></nowiki><translate>a</translate>', null],
  ])('%s', (_name, text, reason) => {
    expect(findUnbalancedMarkup(text)).toBe(reason);
  });

  it('finds the blocks, and a <languages/> bar, where Translate finds them', () => {
    const text = '<languages/>\n<translate>\n== A ==\n</translate>\nB\n<translate>C</translate>';
    expect(findTranslateBlocks(text).map((block) => text.slice(block.start, block.end))).toEqual([
      '<translate>\n== A ==\n</translate>',
      '<translate>C</translate>',
    ]);
    expect(hasTranslateMarkup('<languages />\nText')).toBe(true);
    expect(hasTranslateMarkup('<nowiki><languages/></nowiki> <!-- <translate>x</translate> -->')).toBe(false);
  });
});

describe('headings inside a template call are not sections', () => {
  it('reads the office-hours example as MediaWiki does: one section, after the call', () => {
    const text = '{{Box|\n== Office hours ==\nProse.\n}}\n== Next ==\nText.';
    expect(findSections(text).map((section) => [section.header, section.index])).toEqual([
      [null, 0],
      ['Next', 36],
    ]);
  });

  it.each([
    ['a comment', '<!--\n== A ==\n-->\n== B ==\n', ['B']],
    ['<nowiki>', '<nowiki>\n== A ==\n</nowiki>\n== B ==\n', ['B']],
    ['a parser function', '{{#if:x|\n== A ==\n}}\n== B ==\n', ['B']],
    ['a template parameter', '{{{1|\n== A ==\n}}}\n== B ==\n', ['B']],
    ['<translate> (Translate removes its tags first)', '<translate>\n== A ==\nx\n</translate>\n== B ==\n', ['A', 'B']],
    ['an unclosed <nowiki> (it is text)', '<nowiki>\n== A ==\n== B ==\n', ['A', 'B']],
  ])('inside %s', (_name, text, headers) => {
    expect(findSections(text).slice(1).map((section) => section.header)).toEqual(headers);
  });

  it('gives each section its text up to the next heading of any level', () => {
    const text = 'Lead\n== A ==\nx\n=== B ===\ny\n== C ==\n';
    const sections = findSections(text);
    expect(sections.map((section) => [section.level, section.content])).toEqual([
      [1, 'Lead\n'],
      [2, '== A ==\nx\n'],
      [3, '=== B ===\ny\n'],
      [2, '== C ==\n'],
    ]);
  });
});

describe('template names and parameters', () => {
  it.each([
    ['{{msg:Historical}}', ['Historical']],
    ['{{ Template:historical_banner }}', ['Historical banner']],
    ['{{template : Historical}}', ['Historical']],
    ['{{:Historical}}', [':Historical']], // the article, not the template
    ['{{User:X/Box}}', [':User:X/Box']],
    ['{{#if:x|{{Historical}}}}', ['Historical']],
    ['{{{1|{{Historical}}}}}', ['Historical']],
    ['{{PAGENAME}}', []],
  ])('%j calls %j', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it('reads a parameter whose default holds a call, as the preprocessor pairs braces', () => {
    expect(findUnbalancedMarkup('{{{a|{{b}}}}}')).toBeNull();
    expect(findUnbalancedMarkup('{{{a}} text')).toBeNull(); // MediaWiki: "{" then {{a}}
  });

  it('gives every parameter as written: named or positional, repeated names kept in order', () => {
    const [call] = findTemplates('{{Bots|deny=A|deny= B |2=x| y }}');
    expect(call.params).toEqual([
      { name: 'deny', value: 'A', positional: false },
      { name: 'deny', value: ' B ', positional: false },
      { name: '2', value: 'x', positional: false },
      { name: '1', value: ' y ', positional: true },
    ]);
  });

  it('without recursive, leaves out calls inside other calls; with it, gives all in written order', () => {
    const text = '{{a|{{b}}}} {{c|{{b}}}}';
    expect(findTemplates(text).map((call) => [call.wikitext, call.index])).toEqual([
      ['{{a|{{b}}}}', 0],
      ['{{c|{{b}}}}', 12],
    ]);
    expect(findTemplates(text, { recursive: true }).map((call) => [call.wikitext, call.index])).toEqual([
      ['{{a|{{b}}}}', 0],
      ['{{b}}', 4],
      ['{{c|{{b}}}}', 12],
      ['{{b}}', 16],
    ]);
  });
});

describe('maskInert', () => {
  it('blanks what the page does not show as wikitext, keeping offsets and newlines', () => {
    const text = 'a<!-- x\ny -->b<nowiki>{{c}}</nowiki>d<includeonly>e</includeonly>f<ref>{{g}}</ref>';
    const masked = maskInert(text);
    expect(masked).toHaveLength(text.length);
    expect(masked).toBe(`a${' '.repeat(6)}\n${' '.repeat(5)}b${' '.repeat(22)}d${' '.repeat(28)}f<ref>{{g}}</ref>`);
  });
});

const seedsDir = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'seeds');
const goldenDir = path.resolve(__dirname, '..', '..', 'golden');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [file];
  });
}

describe('on real pages', () => {
  const pages = [
    ...fs.readdirSync(seedsDir).map((name) => path.join(seedsDir, name)),
    ...filesUnder(goldenDir).filter((file) => file.endsWith('.wikitext')),
  ];

  it.each(pages.map((file) => [path.basename(path.dirname(file)) + '/' + path.basename(file), fs.readFileSync(file, 'utf8')]))(
    '%s: every call and section sits at its offset',
    (_name, text) => {
      for (const call of findTemplates(text, { recursive: true })) expect(text.slice(call.index, call.index + call.wikitext.length)).toBe(call.wikitext);
      expect(findSections(text).map((section) => section.content).join('')).toBe(text);
      expect(maskInert(text)).toHaveLength(text.length);
    },
  );
});
