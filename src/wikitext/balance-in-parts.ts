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

/** Start and end of a stretch of the text. */
export type Span = readonly [number, number];

/** What the check needs of the wikitext model. */
export interface PartChecks {
  /** The balance verdict of a text on its own (null: balanced). */
  verdictOf(text: string): string | null;
  /** Start and end of each construct of the parser's first pass, in order. */
  constructs(text: string): readonly Span[];
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
  const cuts = cutPoints(text, checks.constructs(text), partLength);
  if (cuts.length === 0) return false;
  const bounds = [0, ...cuts, text.length];
  for (let index = 0; index + 1 < bounds.length; index++) {
    if (checks.verdictOf(text.slice(bounds[index], bounds[index + 1])) !== null) return false;
  }
  return true;
}
