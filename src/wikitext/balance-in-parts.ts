// The balance check of a long text (a report page of thousands of sections) part by part: one parse
// of a text of megabytes builds a tree of millions of nodes (hundreds of MB) and the parser's brace
// pass copies the whole text at every template it closes, so a long text is cut at a few points
// where the parser provably keeps nothing open, and each part is checked alone.
//
// Why a cut at such a point gives the same verdict (the parser runs two passes, src/wikitext/parse.ts):
// - Its first pass (comments, extension and include tags, <translate>, after hiding <nowiki> spans
//   from the <translate> match) matches each construct with a regular expression from its start to
//   its closer. No cut falls where such a match could be: from each "<!--" to the next "-->", from
//   each "<name" of a tag it knows past its opening tag's ">" and the next "</name…>", from each
//   "</name" to the next ">", each to the end of the text when there is no closer (`tagSpans`, more
//   than the pass finds). Each part then has the constructs the whole text has there, except where a
//   part's own construct runs to the part's end (an unclosed comment or <includeonly>), which that
//   part's check reports: then the whole text is checked instead.
// - Its second pass (braces, headings) reads left to right. A cut is at the start of a line that
//   follows an empty line and starts with "=": no heading runs across it, none of the pass's
//   patterns reaches over a newline followed by "=", and a part starts at a line start as the whole
//   text does there. A part whose check passes leaves no "{{" open at its end (it would be shown as
//   text, a stray brace): only "[[" or "-{" may stay open, and those make no node; open, they only
//   let their own closer be matched, which makes no node either.
// - The stray tags the check counts are found in the text between nodes; only "<translate …>" may
//   run over a line break, and no cut falls inside one (above).
// A part whose check fails, or a text with no such cut, is checked whole: that verdict (and its
// message) is the one returned, so the answer is always the whole text's.
//
// Most of a part's parse is template calls: the {{#language:…}} of each row of translation-status'
// report, the {{#time:…|{{PAGELANGUAGE}}}} and {{#language:…|{{PAGELANGUAGE}}}} of each row of
// office-hours' schedule. Before a text is checked this way, each call outside those spans that the
// parser alone makes one node of, innermost first, is written over with as many "@"
// (`withCallsAsText`); a call around it is then innermost, and written over in the next round. That
// cannot turn an unbalanced text into a balanced one. A call written over has no braces, brackets,
// line breaks, angle brackets or parser markers inside, no "{" before it and is not at a line start.
// - The first pass finds no tag in it either way (no "<"), and it is outside every construct of that
//   pass (inside, a <pre>'s text is checked for stray braces the parser does not pair).
// - The brace pass first replaces innermost `{{…}}` by placeholders, pass after pass, with a pattern
//   whose content has no braces and whose start has no "{" before it: the call is matched there as it
//   is (no match could start inside it or reach into it: every match starts with "{" or "[" and has
//   no "{" inside), whatever follows it (a "}}}}" run closes it with two and leaves the rest to the
//   braces before it, as in the text written over). From then on, the call is a placeholder
//   `\0<n>t\x7F` in the text as read, and the "@" are plain characters in the other: the parser's
//   patterns treat both alike (neither is white space, "=", "|", a brace or a bracket), except a
//   placeholder right after a line break (not a line start, above) and the placeholders of some
//   names (`{{!}}`, `{{=}}`, `{{filepath:…}}`, `{{#vardefine:…}}`, …: `hasPlainPlaceholder`), which
//   are not written over. A template name the call is part of is as valid with either, since both
//   are plain title characters there (a name the "@" made too long is refused: the text read fails).
// - A text that may start with a redirect is left as it is: the redirect's node takes its link's
//   text, calls and all, as text (`#REDIRECT [[A|{{b}}]]` is unbalanced, with "@" it would not be).
// - So the tree is the same but for the call's node, which has no stray markup in it, and the "@"
//   text cannot join the text around it into stray markup that the text around it did not already
//   have on its own.
// test/unit/wikitext/balance-in-parts.test.ts compares the verdicts on thousands of generated texts.

/** Start and end of a stretch of the text. */
export type Span = readonly [number, number];

/** What the check needs of the wikitext model. */
export interface PartChecks {
  /** The balance verdict of a text on its own (null: balanced). */
  verdictOf(text: string): string | null;
  /** The tags the parser's first pass reads (extension tags; <translate>). */
  tagNames(): readonly string[];
  /** Whether the parser makes one transclusion node of this call when it is the whole text. */
  isOneNode(call: string): boolean;
  /** Whether the text may start with a redirect (`#REDIRECT [[…]]`), whose node takes calls in its link as text. */
  mayStartWithRedirect(text: string): boolean;
}

/** An innermost call that may be written over (see above): its name must have a plain placeholder too. */
const INNERMOST_CALL = /(?<![{\n])\{\{([^{}[\]\n\r<>\0\x7F]*)\}\}/g;
/** Names whose placeholder is not the parser's plain `t` (its braces pass, `getSymbol`), in any case and spacing. */
const SPECIAL_PLACEHOLDER = /^\s*(?:(?:!|!!|\(!|!\)|!-|=|server)\s*$|(?:filepath|(?:full|canonical)urle?|#vardefine)\s*:)/i;

function hasPlainPlaceholder(content: string): boolean {
  return !SPECIAL_PLACEHOLDER.test(content.split('|', 1)[0]);
}

/** The text with each innermost call outside the spans that the parser makes one node of written over with "@", once. */
function withInnermostCallsAsText(text: string, spans: readonly Span[], isOneNode: (call: string) => boolean): string {
  let coveredTo = 0;
  let next = 0;
  return text.replace(INNERMOST_CALL, (call: string, content: string, at: number) => {
    while (next < spans.length && spans[next][0] < at + call.length) coveredTo = Math.max(coveredTo, spans[next++][1]);
    const inConstruct = coveredTo > at;
    return !inConstruct && hasPlainPlaceholder(content) && isOneNode(call) ? '@'.repeat(call.length) : call;
  });
}

/**
 * The text with the calls outside the spans (`tagSpans`, in order of their starts) that the parser
 * makes one node of written over with "@", innermost first, round after round (see above).
 */
export function withCallsAsText(text: string, spans: readonly Span[], checks: Pick<PartChecks, 'isOneNode' | 'mayStartWithRedirect'>): string {
  if (checks.mayStartWithRedirect(text)) return text;
  let written = text;
  for (let before = ''; written !== before; ) {
    before = written;
    written = withInnermostCallsAsText(before, spans, checks.isOneNode);
  }
  return written;
}

/**
 * True when the text is balanced with its calls outside the spans written over (then it is balanced
 * as written); false when that cannot be told this way (the caller then checks the text itself).
 */
export function balancedWithCallsAsText(text: string, checks: PartChecks, spans: readonly Span[] = tagSpans(text, checks.tagNames())): boolean {
  return checks.verdictOf(withCallsAsText(text, spans, checks)) === null;
}

/** Texts shorter than this are checked whole. */
export const LONG_TEXT = 32_000;
/** Parts are at least this long (the last may be shorter). */
const PART_LENGTH = 16_000;

/** Tags the first pass reads whatever the wiki says. */
const ALWAYS_READ = ['includeonly', 'noinclude', 'onlyinclude', 'nowiki', 'translate', 'tvar'];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** From `from`, the end of the first match of `pattern` (global), or the end of the text. */
function endOfNext(text: string, pattern: RegExp, from: number): number {
  pattern.lastIndex = from;
  const found = pattern.exec(text);
  return found ? found.index + found[0].length : text.length;
}

/** Translate's tags, which parse.ts reads itself, not the first pass's pattern. */
const READ_BY_TRANSLATE = new Set(['translate', 'tvar']);

/**
 * Whether the tag that ends at `tagEnd` is written `<name …/>` (its first ">" follows a "/"): the first
 * pass's pattern for a tag it knows, `<name(\s[^>]*?)?(?:\/>|>…<\/name>)`, reaches no ">" before that
 * one and there tries "/>" first, which matches, so the construct ends there.
 */
function isSelfClosing(text: string, tagEnd: number, name: string): boolean {
  return text.charAt(tagEnd - 2) === '/' && !READ_BY_TRANSLATE.has(name);
}

/**
 * Where the first pass could find a construct (see above), in order of their starts; the list ends
 * with the first span that runs to the end of the text. With `selfClosingEnds`, a tag written
 * `<name …/>` (`<languages/>`) ends at its ">" instead of at a later closer or the text's end.
 */
export function tagSpans(text: string, tagNames: readonly string[], selfClosingEnds = false): Span[] {
  const names = [...new Set([...tagNames, ...ALWAYS_READ].map((name) => name.toLowerCase()))];
  const opener = new RegExp(`<!--|<(/?)(${names.map(escapeRegExp).join('|')})`, 'gi');
  const closers = new Map<string, RegExp>();
  const spans: Span[] = [];
  for (const found of text.matchAll(opener)) {
    const at = found.index ?? 0;
    let end: number;
    if (found[0] === '<!--') end = endOfNext(text, /-->/g, at + 4);
    else {
      const tagEnd = endOfNext(text, />/g, at);
      const name = found[2].toLowerCase();
      if (!closers.has(name)) closers.set(name, new RegExp(`</${escapeRegExp(name)}\\s*>`, 'gi'));
      const endsAtTag = found[1] !== '' || (selfClosingEnds && isSelfClosing(text, tagEnd, name));
      end = endsAtTag ? tagEnd : Math.max(tagEnd, endOfNext(text, closers.get(name) as RegExp, tagEnd));
    }
    spans.push([at, end]);
    if (end === text.length) break;
  }
  return spans;
}

/** Where the text may be cut, each part at least `partLength` long: [] when nowhere. */
export function cutPoints(text: string, spans: readonly Span[], partLength = PART_LENGTH): number[] {
  const cuts: number[] = [];
  let next = 0;
  let coveredTo = 0;
  let last = 0;
  for (let found = text.indexOf('\n\n=', partLength - 2); found !== -1; found = text.indexOf('\n\n=', found + 1)) {
    const at = found + 2;
    if (at - last < partLength) continue;
    while (next < spans.length && spans[next][0] < at) coveredTo = Math.max(coveredTo, spans[next++][1]);
    if (coveredTo > at) continue;
    cuts.push(at);
    last = at;
  }
  return cuts;
}

/**
 * True when the text is balanced as its parts show; false when that cannot be told from its parts
 * (the caller then checks the whole text, which gives the verdict and its reason).
 */
export function balancedInParts(text: string, checks: PartChecks, partLength = PART_LENGTH): boolean {
  const spans = tagSpans(text, checks.tagNames());
  const cuts = cutPoints(text, spans, partLength);
  if (cuts.length === 0) return false;
  const bounds = [0, ...cuts, text.length];
  for (let index = 0; index + 1 < bounds.length; index++) {
    const [start, end] = [bounds[index], bounds[index + 1]];
    // No span reaches over a cut: each is in one part.
    const inPart = spans.filter(([from, to]) => from >= start && to <= end).map(([from, to]): Span => [from - start, to - start]);
    if (!balancedWithCallsAsText(text.slice(start, end), checks, inPart)) return false;
  }
  return true;
}
