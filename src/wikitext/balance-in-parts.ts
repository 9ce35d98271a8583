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
// Most of a part's parse is the calls of {{#language:…}} (one per row of translation-status'
// report). Before a part is checked, each such call outside those spans that the parser alone
// makes one node of is written over with as many "@" (`withCallsAsText`). That cannot turn an
// unbalanced part into a balanced one: outside the first pass's constructs (inside, a <pre>'s text
// is checked for stray braces the parser does not pair), the brace pass takes such a call (no
// braces, brackets, newline, space or angle brackets inside, no "{" before it, no "}" after it,
// not at a line start) as a node first thing, and from then on it is an opaque placeholder to the
// parser, whose patterns about placeholders after a newline or in headings do not apply to a call
// not at a line start and named "#language"; the first pass finds no tag in it either way. The node
// has no stray markup in it, and the "@" text cannot join the text around it into stray markup
// that the text around it did not already have on its own.

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
}

/** The calls of {{#language:…}} that may be written over (see above). */
const LANGUAGE_CALL = /(?<![{\n])\{\{#language:[^{}[\]\n<>\s]*\}\}(?!\})/g;

/**
 * The text with each {{#language:…}} call outside the spans (`tagSpans`, in order of their starts)
 * that the parser makes one node of written over with "@".
 */
export function withCallsAsText(text: string, spans: readonly Span[], isOneNode: (call: string) => boolean): string {
  let coveredTo = 0;
  let next = 0;
  return text.replace(LANGUAGE_CALL, (call: string, at: number) => {
    while (next < spans.length && spans[next][0] < at + call.length) coveredTo = Math.max(coveredTo, spans[next++][1]);
    const inConstruct = coveredTo > at;
    return !inConstruct && isOneNode(call) ? '@'.repeat(call.length) : call;
  });
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
    if (checks.verdictOf(withCallsAsText(text.slice(start, end), inPart, checks.isOneNode)) !== null) return false;
  }
  return true;
}
