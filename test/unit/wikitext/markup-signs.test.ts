// The wikitext model answers some questions without a parse when a text lacks the characters the
// markup needs (src/wikitext/parse.ts, MarkupSigns). Here the rule, restated, is checked against
// wikiparser-node's own tree on generated texts: where the rule says a kind of markup cannot be there,
// the parser finds none, and the model's answers are the ones the parse would give.
import Parser from 'wikiparser-node';
import type { AstNodes, Token } from 'wikiparser-node';
import { findTemplates, findTranslateBlocks, findUnbalancedMarkup, forgetReadings, hasTranslateMarkup, startsWithRedirect } from '../../../src/wikitext/parse';
import { seededRandom } from '../../support/seeded-random';

const FRAGMENTS = [
  'Text', ' ', '\n', '<!-- c -->', '<!--', '-->', '<!-->', '<!--->', '<!-- a <b> -->', '<pre>', '</pre>', '<pre><!-- x</pre>',
  '<ref>', '</ref>', '<ref><!-- x</ref> -->', '<nowiki>', '</nowiki>', '<nowiki><!--</nowiki>', '<div title="<!--">', '</div>',
  '<includeonly>', '</includeonly>', '<INCLUDEONLY>', '<noinclude>', '</noinclude>', '<translate>', '</translate>', '<Translate>',
  'translate', '<languages/>', '<LANGUAGES />', 'languages', '#REDIRECT [[Target]]', '#redirect [[Target]]', '＃転送 [[Target]]',
  '[[Link]]', '== H ==', '{', '}', '{{X}}', '\0', '\x7F', '\r\n', '<', '>', '-', '!',
];

const random = seededRandom(20261207);
const texts = Array.from({ length: 3000 }, () =>
  Array.from({ length: 1 + Math.floor(random() * 8) }, () => FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]).join(random() < 0.3 ? '\n' : ''),
);

/** Every node of the parser's tree (stages 0–1, as the model parses). */
function nodesOf(text: string): AstNodes[] {
  const all: AstNodes[] = [];
  const visit = (node: AstNodes) => {
    all.push(node);
    node.childNodes.forEach(visit);
  };
  visit(Parser.parse(text, false, 2));
  return all;
}

/** The rule as the model's comment says it: a `<!--` with no `-->` after it before the next `<`. */
function mayLeaveCommentOpen(text: string): boolean {
  return [...text.matchAll(/<!--/g)].some(({ index }) => {
    const end = text.indexOf('-->', index + 4);
    const nextTag = text.indexOf('<', index + 4);
    return end === -1 || (nextTag !== -1 && nextTag < end);
  });
}

const hidden = (text: string) => /[\0\x7F]/.test(text);

describe('markup signs', () => {
  beforeEach(forgetReadings);

  it('a text without a brace has no template call, as the parser finds', () => {
    const plain = texts.filter((text) => !/[{}]/.test(text) && !hidden(text));
    expect(plain.length).toBeGreaterThan(1000);
    for (const text of plain) {
      expect(nodesOf(text).filter((node) => ['template', 'magic-word', 'arg'].includes(node.type))).toEqual([]);
      expect(findTemplates(text, { recursive: true })).toEqual([]);
    }
  });

  it('a text whose comments all close before the next tag leaves none open; without braces, Translate tags and <includeonly> it is balanced', () => {
    const closing = texts.filter((text) => !mayLeaveCommentOpen(text) && !hidden(text));
    const withComments = closing.filter((text) => text.includes('<!--'));
    expect(withComments.length).toBeGreaterThan(80);
    for (const text of closing) {
      const open = nodesOf(text).filter((node) => node.type === 'comment' && (node as Token & { closed?: boolean }).closed === false);
      expect({ text, open: open.map(String) }).toEqual({ text, open: [] });
    }
    const balanced = closing.filter((text) => !/[{}]|<\/?translate|<includeonly/i.test(text));
    expect(balanced.filter((text) => text.includes('<!--')).length).toBeGreaterThan(30);
    for (const text of balanced) expect(findUnbalancedMarkup(text)).toBeNull();
  });

  it('rejects, as the parse does, a comment left open inside a tag', () => {
    expect(findUnbalancedMarkup('<ref><!-- x</ref> -->')).toMatch(/never closed/);
    expect(findUnbalancedMarkup('<!-- x <pre>')).toMatch(/never closed/);
  });

  it('a text without Translate tags, a language bar or a redirect word first has none of them, as the parser finds', () => {
    for (const text of texts.filter((t) => !hidden(t))) {
      const nodes = nodesOf(text);
      if (!/<\/?translate/i.test(text)) {
        expect(nodes.filter((node) => node.type === 'translate')).toEqual([]);
        expect(findTranslateBlocks(text)).toEqual([]);
      }
      if (!/<\/?translate|<languages/i.test(text)) {
        expect(nodes.filter((node) => node.type === 'ext' && node.name === 'languages')).toEqual([]);
        expect(hasTranslateMarkup(text)).toBe(false);
      }
      const redirect = nodes[1]?.type === 'redirect';
      expect(startsWithRedirect(text)).toBe(redirect);
      if (!/^\s*[#＃]/.test(text)) expect(redirect).toBe(false);
    }
  });
});
