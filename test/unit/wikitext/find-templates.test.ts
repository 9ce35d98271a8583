// findTemplates hands mwn only the calls its brace scan delimits; these tests hold it to what mwn's
// parseTemplates gives for the whole masked text, on real pages and on generated brace soup.
import fs from 'node:fs';
import path from 'node:path';
import { parseTemplates as mwnParseTemplates } from 'mwn/build/wikitext';
import { findTemplates, findUnbalancedMarkup, maskInert, normaliseTemplateName } from '../../../src/wikitext/parse';

const seedsDir = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'seeds');
const goldenDir = path.resolve(__dirname, '..', '..', 'golden');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [file];
  });
}

const realPages = [
  ...fs.readdirSync(seedsDir).map((name) => path.join(seedsDir, name)),
  ...filesUnder(goldenDir).filter((file) => file.endsWith('.before.wikitext')),
].map((file): [string, string] => [path.relative(path.resolve(__dirname, '..', '..', '..', '..'), file), fs.readFileSync(file, 'utf8')]);

// Fragments that drive every state of mwn's scanner: calls, parameters, stray braces, piped links,
// and the comments and tags that masking blanks (closed or not).
const BRACES = ['{{', '}}', '{{{', '}}}', '{', '}'];
const OTHERS = ['|', '=', '[[a|b]]', '<!--', '-->', '<nowiki>', '</nowiki>', '<pre>', '</pre>', 'a', 'B', 'x ', 'Template:', '\n'];

/** mulberry32: a small seeded generator, so every run tests the same strings. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(20261121);
const pick = (fragments: string[]) => fragments[Math.floor(random() * fragments.length)];

/** Fragments in any order: mostly unbalanced. */
function braceSoup(): string {
  return Array.from({ length: 1 + Math.floor(random() * 60) }, () => pick(random() < 0.4 ? BRACES : OTHERS)).join('');
}

/** Nested calls and parameters with arguments, with now and then a stray fragment, so many balance. */
function nestedMarkup(depth = 0): string {
  return Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
    const roll = random();
    const args = () => Array.from({ length: Math.floor(random() * 3) }, () => `|${depth < 3 ? nestedMarkup(depth + 1) : pick(OTHERS)}`).join('');
    if (roll < 0.35) return `{{${pick(['a', 'B', 'Template:x '])}${args()}}}`;
    if (roll < 0.5) return `{{{${pick(['1', 'a'])}${args()}}}}`;
    if (roll < 0.55) return pick(BRACES);
    return pick(OTHERS);
  }).join('');
}

const generated = Array.from({ length: 3000 }, (_, n): [string, string] => [`generated #${n}`, n % 2 ? braceSoup() : nestedMarkup()]);

/** The reference: mwn's parser over the whole masked text, as findTemplates worked before. */
function mwnOnWholeText(text: string, recursive: boolean) {
  return mwnParseTemplates(maskInert(text), { recursive }).map((template) => ({
    name: normaliseTemplateName(String(template.name)),
    params: template.parameters.map((p) => ({ name: String(p.name).trim(), value: p.value })),
    wikitext: template.wikitext,
  }));
}

function expectSameAsMwn(text: string): void {
  const masked = maskInert(text);
  const outer = findTemplates(text);
  const all = findTemplates(text, { recursive: true });

  expect(outer.map(({ index, ...call }) => call)).toEqual(mwnOnWholeText(text, false));
  expect(all.map(({ index, ...call }) => call)).toEqual(mwnOnWholeText(text, true));
  // Each call's text is at its index, outer calls follow each other without overlapping, and no two
  // calls start at the same offset (the same wikitext can occur more than once).
  for (const call of all) expect(masked.slice(call.index, call.index + call.wikitext.length)).toBe(call.wikitext);
  outer.slice(1).forEach((call, n) => expect(call.index).toBeGreaterThanOrEqual(outer[n].index + outer[n].wikitext.length));
  expect(new Set(all.map((call) => call.index)).size).toBe(all.length);
  expect(all.slice(0, outer.length)).toEqual(outer);
}

describe('findTemplates gives what mwn gives for the whole masked text', () => {
  it('has real pages to compare: the shared seeds and every golden input', () => {
    expect(realPages.filter(([name]) => name.startsWith('shared')).length).toBeGreaterThanOrEqual(5);
    expect(realPages.filter(([name]) => name.includes('golden')).length).toBeGreaterThanOrEqual(15);
  });

  it.each(realPages)('%s', (_, text) => expectSameAsMwn(text));

  it('generates strings that reach nested calls, parameters, stray and unclosed braces', () => {
    const texts = generated.map(([, text]) => text);
    const nested = texts.filter((text) => findTemplates(text, { recursive: true }).length > findTemplates(text).length);
    const reasons = texts.map(findUnbalancedMarkup);
    expect(nested.length).toBeGreaterThan(100);
    expect(reasons.filter((reason) => reason?.includes('closes a template')).length).toBeGreaterThan(100);
    expect(reasons.filter((reason) => reason?.includes('"{{{"')).length).toBeGreaterThan(100);
    expect(reasons.filter((reason) => reason?.includes('are never closed')).length).toBeGreaterThan(100);
    expect(texts.filter((text, n) => reasons[n] === null && findTemplates(text).length > 0).length).toBeGreaterThan(100);
  });

  // Unbalanced strings included: the scan follows mwn's state machine there too (a stray "}}"
  // leaves the depth negative in both), so nothing needs to be left out.
  it.each(generated)('%s', (_, text) => expectSameAsMwn(text));

  it('gives a call its own offset, not that of the same text skipped inside a parameter before it', () => {
    const text = '{{{x{{b}}}{{b}}';

    expect(findTemplates(text).map((call) => [call.wikitext, call.index])).toEqual([['{{b}}', 10]]);
  });

  it('gives a repeated nested call its own offset', () => {
    const text = '{{a|{{b}}}} {{c|{{b}}}}';

    const calls = findTemplates(text, { recursive: true });

    expect(calls.map((call) => [call.wikitext, call.index])).toEqual([
      ['{{a|{{b}}}}', 0],
      ['{{c|{{b}}}}', 12],
      ['{{b}}', 4],
      ['{{b}}', 16],
    ]);
  });
});

describe('findUnbalancedMarkup reads braces as mwn does', () => {
  it.each([
    ['{{a}} and {{b|{{c}}}}', null],
    ['{{{1}}} and {{{1|default}}}', null],
    ['{{{{{1}}}}}', null], // a call whose name is a parameter
    ['{{{a}}}}', null], // a parameter, then a lone "}"
    ['{{a\ntext', '1 template call(s) opened with "{{" are never closed'],
    ['text}} {{a}}', 'a "}}" at offset 4 closes a template that was never opened'],
    ['{{{a}} text', 'a template parameter opened with "{{{" at offset 0 is never closed'],
    // mwn ends the parameter at the first "}}}", so the last "}}" closes nothing and every later call would be missed.
    ['{{{a|{{b}}}}}', 'a "}}" at offset 11 closes a template that was never opened'],
    ['<!-- {{a -->{{b}}', null],
  ])('%j: %s', (text, reason) => {
    expect(findUnbalancedMarkup(text)).toBe(reason);
  });
});
