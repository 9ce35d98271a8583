// The balance check of a long text (a report page of thousands of sections) part by part: one parse
// of a ~1 MB text builds a tree of hundreds of thousands of nodes (hundreds of MB) and the parser's
// brace pass copies the whole text at every template it closes, so a long text is cut at a few
// points where the parser provably keeps nothing open, and each part is checked alone.
//
// Why a cut at such a point gives the same verdict (the parser runs two passes, src/wikitext/parse.ts):
// - Its first pass (comments, extension and include tags, <translate>) matches each construct with
//   a regular expression from its start to its closer. A cut outside every construct that pass finds
//   in the whole text (`constructs`) leaves each part the same constructs, except where a part's
//   construct runs to the part's end instead (an unclosed comment or <includeonly>), which that part's
//   check reports: then the whole text is checked instead. The pass first hides <nowiki> spans from
//   the <translate> match, which no construct may show: no cut falls between a <nowiki> and the
//   next </nowiki>.
// - Its second pass (braces, headings) reads left to right. A cut is at the start of a line that
//   follows an empty line and starts with "=": no heading runs across it, and a part starts at a line
//   start as the whole text does there. A part whose check passes leaves no "{{" open at its end (it
//   would be shown as text, a stray brace): only "[[" or "-{" may stay open, and those make no node;
//   open, they only let their own closer be matched, which makes no node either.
// - The stray tags the check counts are found in the text between nodes; only "<translate …>" may run
//   over a line break, so no cut falls between a "<translate" and the next ">".
// A part whose check fails, or a text with no such cut, is checked whole: that verdict (and its
// message) is the one returned, so the answer is always the whole text's.
//
// Most of a part's parse is the calls of {{#language:…}} (one per row of translation-status'
// report). Before a part is checked, each such call outside the first pass's constructs that the
// parser alone makes one node of is written over with as many "@" (`withCallsAsText`). That cannot
// turn an unbalanced part into a balanced one: outside those constructs (inside, a <pre>'s text is
// checked for stray braces the parser does not pair), the brace pass takes such a call (no braces, brackets, newline or angle brackets
// inside, no "{" before it, no "}" after it, not at a line start) as a node first thing, before
// anything else, and from then on it is an opaque placeholder to the parser, whose patterns
// about placeholders after a newline or in headings do not apply to a call not at a line start and
// named "#language"; the first pass finds no tag in it either way (no "<", ">" or space). The node
// has no stray markup in it, and the "@" text cannot join the text around it into stray markup
// that the text around it did not already have on its own.

/** Start and end of a stretch of the text. */
export type Span = readonly [number, number];

/** What the check needs of the wikitext model. */
export interface PartChecks {
  /** The balance verdict of a text on its own (null: balanced). */
  verdictOf(text: string): string | null;
  /** Start and end of each construct of the parser's first pass, in order. */
  constructs(text: string): readonly Span[];
  /** Whether the parser makes one transclusion node of this call when it is the whole text. */
  isOneNode(call: string): boolean;
}

/** The calls of {{#language:…}} that may be written over (see above). */
const LANGUAGE_CALL = /(?<![{\n])\{\{#language:[^{}[\]\n<>\s]*\}\}(?!\})/g;

/**
 * The text with each {{#language:…}} call outside the first pass's constructs (`constructs`, in
 * order) that the parser makes one node of written over with "@".
 */
export function withCallsAsText(text: string, constructs: readonly Span[], isOneNode: (call: string) => boolean): string {
  let next = 0;
  return text.replace(LANGUAGE_CALL, (call: string, at: number) => {
    while (next < constructs.length && constructs[next][1] <= at) next++;
    const inConstruct = next < constructs.length && constructs[next][0] < at + call.length;
    return !inConstruct && isOneNode(call) ? '@'.repeat(call.length) : call;
  });
}

/** Texts shorter than this are checked whole. */
export const LONG_TEXT = 32_000;
/** Parts are at least this long (the last may be shorter). */
const PART_LENGTH = 16_000;

/**
 * Spans a cut may not fall inside besides the constructs: from each <nowiki> to the next </nowiki>
 * (or the end), and from each "<translate" to the next ">" (or the end).
 */
function openTagSpans(text: string): Span[] {
  const lower = text.toLowerCase();
  const spans: Span[] = [];
  const spanTo = (pattern: RegExp, closer: string, closerLength: number) => {
    for (const { index } of lower.matchAll(pattern)) {
      const close = lower.indexOf(closer, index + 1);
      spans.push([index, close === -1 ? text.length : close + closerLength]);
    }
  };
  spanTo(/<nowiki>/g, '</nowiki>', '</nowiki>'.length);
  spanTo(/<translate\b/g, '>', 1);
  return spans;
}

/** Where the text may be cut, each part at least `partLength` long: [] when nowhere. */
export function cutPoints(text: string, constructs: readonly Span[], partLength = PART_LENGTH): number[] {
  const spans = [...constructs, ...openTagSpans(text)].sort((a, b) => a[0] - b[0]);
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
  const constructs = checks.constructs(text);
  const cuts = cutPoints(text, constructs, partLength);
  if (cuts.length === 0) return false;
  const bounds = [0, ...cuts, text.length];
  for (let index = 0; index + 1 < bounds.length; index++) {
    const [start, end] = [bounds[index], bounds[index + 1]];
    // No construct spans a cut: each is in one part.
    const inPart = constructs.filter(([from, to]) => from >= start && to <= end).map(([from, to]): Span => [from - start, to - start]);
    if (checks.verdictOf(withCallsAsText(text.slice(start, end), inPart, checks.isOneNode)) !== null) return false;
  }
  return true;
}
