// The balance check of a transform's output, without parsing the output when the edit is one that
// cannot change how the rest of the page parses: a line holding one template call (a banner), put in
// at the top of a balanced page or after its leading self-closing tags (`<languages/>`); and, by
// section-append-balance.ts, a section appended to one. Any other edit is parsed in full, as before.
// test/unit/wikitext/edit-balance.test.ts compares both answers on thousands of generated pages.
//
// Why the answer is the same as the full parse's (wikiparser-node, stages 0–1, as parse.ts runs it).
// Write the output as P + X + S, the page as P + S, with P the page's text before the insertion point.
// - X is `{{…}}\n` with no braces, brackets, `<`, `>`, line breaks or the parser's own markers
//   (\0, \x7F) inside, and on its own it parses as one template call with nothing unbalanced. P is
//   empty, or whole lines with no braces, brackets, `=`, markers or line breaks other than `\n`, each
//   `<` opening a self-closing tag (`<languages/>`). The page does not start with a redirect, which the
//   parser reads only at the very start of the text.
// - Comments, extension tags, `<includeonly>` and Translate's tags are found by regular expressions
//   that begin at a `<` and end at a closing `>` or `-->`: none begins in X (no `<`) or reaches into
//   X from P (every `<` of P closes its tag at once), and none can end in X (no `>`), so each one
//   found in S is found there in both texts.
// - Braces and links: the parser first replaces innermost `{{…}}`, `[[…]]` and `-{…}-` by markers,
//   pass after pass. Each of those begins with `{`, `[` or `-{`: none begins in P, and in X only X's
//   own call, whose neighbours are line breaks, so no match in S begins elsewhere. Then the stack of
//   open braces, links and headings: P and X open nothing (no `{`, `[`, `-{`, no `=` at a line start),
//   so S is read from an empty stack at a line start, as in the page.
// - So the output's tree is P's nodes, X's call, and S's nodes; the strays and unclosed tags that
//   make a text unbalanced are those of P, X and S, and the page (P + S) had none.
import { findTemplates, findUnbalancedMarkup, startsWithRedirect } from './parse';
import { appendedSectionBalanced } from './section-append-balance';

/** A line with one call and nothing the parser could pair with text around it. */
const SELF_CONTAINED_CALL_LINE = /^\{\{[^{}[\]<>\n\r\0\x7F\u2028\u2029]*\}\}\n$/;
/** Lines before the insertion that open nothing: no braces, brackets, `=`; a `<` only in `<name/>`. */
const INERT_LEADING_LINES = /^(?:[^{}[\]<>=\r\0\x7F\u2028\u2029]|<[a-z]+\s*\/>)*$/i;

/** Where `newText` is `oldText` with text put in at a line start, the earliest such place; null when it is not. */
export function lineInsertion(oldText: string, newText: string): { at: number; inserted: string } | null {
  const added = newText.length - oldText.length;
  if (added <= 0) return null;
  let prefix = 0;
  while (prefix < oldText.length && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  // The text before a line start up to `prefix` is unchanged; the text after it is unchanged from some
  // line start on (if at one, at every later one too): the first of those, found by halving.
  const starts = [0];
  for (let end = oldText.indexOf('\n'); end !== -1 && end < prefix; end = oldText.indexOf('\n', end + 1)) starts.push(end + 1);
  const restUnchanged = (at: number) => newText.endsWith(oldText.slice(at));
  if (!restUnchanged(starts[starts.length - 1])) return null;
  let [low, high] = [0, starts.length - 1];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (restUnchanged(starts[middle])) high = middle;
    else low = middle + 1;
  }
  const at = starts[low];
  return { at, inserted: newText.slice(at, at + added) };
}

/** Whether the line parses on its own as exactly one template call spanning it, with nothing unbalanced. */
function isOneCall(line: string): boolean {
  if (findUnbalancedMarkup(line) !== null) return false;
  const calls = findTemplates(line, { recursive: true });
  return calls.length === 1 && calls[0].index === 0 && calls[0].wikitext === line.slice(0, -1);
}

/** Whether `newText` is `oldText` with a self-contained call line put in where it cannot change how the rest parses (see above). */
export function insertsSelfContainedCall(oldText: string, newText: string): boolean {
  const insertion = lineInsertion(oldText, newText);
  if (!insertion || !SELF_CONTAINED_CALL_LINE.test(insertion.inserted)) return false;
  if (!INERT_LEADING_LINES.test(oldText.slice(0, insertion.at))) return false;
  return !startsWithRedirect(oldText) && isOneCall(insertion.inserted);
}

/**
 * The same answer as `findUnbalancedMarkup(newText)`: a balanced page with a self-contained call
 * line put in, or with a section appended that is balanced alone (section-append-balance.ts), is
 * balanced without parsing it again; any other output is parsed.
 */
export function findUnbalancedMarkupAfterEdit(oldText: string, newText: string): string | null {
  if (findUnbalancedMarkup(oldText) === null && (insertsSelfContainedCall(oldText, newText) || appendedSectionBalanced(oldText, newText))) return null;
  return findUnbalancedMarkup(newText);
}
