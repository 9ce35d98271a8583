// The balance check of a transform's output that only appended a section to a balanced page (what
// office-hours does on a page that has no "Office hours" section yet): the page is not parsed again,
// only the appended section. Any other output is parsed as before. Compared with the full parse on
// generated pages and sections in test/unit/wikitext/section-append-balance.test.ts.
//
// The output is written as H + T with H = the page + "\n" (the page ends with a line break, so H
// ends with an empty line) and T starting with "=": a cut of the kind balance-in-parts.ts reasons
// about (a line start after an empty line, starting with "="), if no construct of the parser's first
// pass could reach over it (`tagSpans`, as there, with a self-closing tag such as `<languages/>`
// ending at its "/>", which is where the pass's pattern ends it: see `isSelfClosing`). By that file's argument the output is balanced
// when H and T each are, checked alone. T is parsed alone (it is short). H's verdict is the page's:
// - First pass (comments, extension, include and Translate tags): each construct is matched from its
//   start to its closer, and a line break after the last character is no closer, so H has the page's
//   constructs, except one that runs to the end of the text, which then also takes the line break.
//   Of those, an unclosed comment or <includeonly> makes the page unbalanced (no shortcut then); the
//   others (an unclosed <noinclude>, …) are inert to the check, as they were in the page.
// - Second pass (braces, headings): the extra line break follows the page's last one. The prepass's
//   patterns end with a closing "}}", "]]" or "}-", before it, and the line breaks they may span are
//   those not followed by "=" or a marker, which the page's last one is not in either text. In the
//   stack pass, a line break is read only to close a heading: where the page's last line break closed
//   the heading open on the last line, in H the new one does (the one before it is followed by an
//   empty line), and the heading's pattern takes the extra line break as trailing white space, so the
//   same lines are headings with the same titles. Where braces stop being opened (after the last "}}")
//   is counted from the text's end, so it is the same place in H.
// - So H's tree is the page's with one more line break in its last text node: no stray braces or
//   Translate tags, no unclosed tag more than the page had: balanced when the page is.
// Like balance-in-parts.ts, not for texts with \0, \x7F or \r (the parser moves offsets for them).
import { balancedWithCallsAsText, tagSpans } from './balance-in-parts';
import { findUnbalancedMarkup, wikitextPartChecks } from './parse';

/** Where the appended section starts in `newText` (see above), or null when the output is not a page with a section appended. */
export function appendedSectionStart(oldText: string, newText: string): number | null {
  if (!oldText.endsWith('\n') || !newText.startsWith(oldText)) return null;
  const cut = oldText.length + 1;
  if (newText.charAt(cut - 1) !== '\n' || newText.charAt(cut) !== '=') return null;
  if (/[\0\x7F\r]/.test(newText)) return null;
  const reachesOver = tagSpans(newText, wikitextPartChecks.tagNames(), true).some(([start, end]) => start < cut && end > cut);
  return reachesOver ? null : cut;
}

/**
 * True when `newText` is the balanced `oldText` with a section appended that is balanced on its
 * own (then the whole is balanced, see above); false when that cannot be told this way (the caller
 * then parses the output).
 */
export function appendedSectionBalanced(oldText: string, newText: string): boolean {
  const cut = appendedSectionStart(oldText, newText);
  if (cut === null || findUnbalancedMarkup(oldText) !== null) return false;
  const section = newText.slice(cut);
  // Most of a schedule's parse is its rows' calls: written over first (balance-in-parts.ts).
  return balancedWithCallsAsText(section, wikitextPartChecks) || findUnbalancedMarkup(section) === null;
}
