// The one place that reaches into mwn's standalone wikitext parsers (a deep import), plus the
// masking that keeps comments and <nowiki>/<pre> out of what those parsers see.
import { parseSections as mwnParseSections, parseTemplates as mwnParseTemplates } from 'mwn/build/wikitext';

export interface TemplateParam {
  /** Parameter name; positional parameters are numbered from 1. */
  name: string;
  value: string;
}

export interface TemplateCall {
  /** Normalised name: no `Template:` prefix, underscores as spaces, first letter upper case. */
  name: string;
  params: TemplateParam[];
  wikitext: string;
  /** Offset of the call in the text it was found in. */
  index: number;
}

export interface Section {
  level: number;
  header: string | null;
  /** Offset of the heading line (0 for the lead). */
  index: number;
  /** The whole section, heading included, up to the next heading of any level. */
  content: string;
}

const INERT = /<!--[\s\S]*?(?:-->|$)|<nowiki\s*>[\s\S]*?(?:<\/nowiki\s*>|$)|<pre\b[^>]*>[\s\S]*?(?:<\/pre\s*>|$)|<nowiki\s*\/>/gi;

/** Replaces comments, <nowiki> and <pre> content with spaces of the same length, so offsets still match. */
export function maskInert(text: string): string {
  // The checks of one page (balance, sections, templates, translate markup) mask the same text one
  // after the other: the last answer is kept, which saved a third of the masking in a 10,000-page run.
  if (text !== lastMasked.text) lastMasked = { text, masked: text.replace(INERT, (match) => match.replace(/[^\n]/g, ' ')) };
  return lastMasked.masked;
}

let lastMasked = { text: '', masked: '' };

export function normaliseTemplateName(raw: string): string {
  const name = raw
    .replace(/_/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^:?\s*template\s*:\s*/i, '');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Templates called in the text, outer ones first, ignoring any inside comments, <nowiki> or <pre>. */
export function findTemplates(text: string, options: { recursive?: boolean } = {}): TemplateCall[] {
  return templatesIn(maskInert(text), 0, options.recursive ?? false);
}

/**
 * mwn's parseTemplates walks every character with a slice and a regex (~0.5 ms for a 4 KB page), so
 * it is given only the top-level calls the brace scan delimits: the scan follows mwn's own state
 * machine, so each call is read exactly as a parse of the whole text reads it, and the order is
 * mwn's too (every top-level call, then the calls inside each, recursively); find-templates.test.ts
 * compares the two. `offset` is where `text` starts in the text findTemplates was given.
 */
function templatesIn(text: string, offset: number, recursive: boolean): TemplateCall[] {
  const outer = scanBraces(text).calls.map(({ start, end }) => {
    const [template] = mwnParseTemplates(text.slice(start, end), { recursive: false });
    return {
      name: normaliseTemplateName(String(template.name)),
      params: template.parameters.map((p) => ({ name: String(p.name).trim(), value: p.value })),
      wikitext: template.wikitext,
      index: offset + start,
    };
  });
  if (!recursive) return outer;
  // mwn recurses into a call's text between its outer braces, and only when it holds a `{{…}}`.
  const inner = outer
    .filter((call) => /\{\{.*\}\}/s.test(call.wikitext.slice(2, -2)))
    .flatMap((call) => templatesIn(call.wikitext.slice(2, -2), call.index + 2, true));
  return [...outer, ...inner];
}

/** Sections as MediaWiki counts them; headings inside comments, <nowiki> or <pre> are not headings. */
export function findSections(text: string): Section[] {
  const masked = maskInert(text);
  return mwnParseSections(masked).map((section) => ({
    level: section.level,
    header: section.header,
    index: section.index,
    content: text.slice(section.index, section.index + section.content.length),
  }));
}

interface BraceScan {
  /** Each top-level `{{…}}` call, `end` past its closing braces. */
  calls: Array<{ start: number; end: number }>;
  /** Offset of the first `}}` that closes no call, or -1. */
  strayClose: number;
  /** Offset of a `{{{` parameter that no `}}}` closes, or -1. */
  unclosedParameter: number;
  /** Calls still open at the end of the text. */
  unclosedCalls: number;
}

const BRACE_OPEN = 123;
const BRACE_CLOSE = 125;

/**
 * One pass over masked text with the state machine of mwn's parseTemplates (mwn/build/wikitext.js):
 * `{{{` not followed by a fourth `{` opens a parameter and everything up to the next `}}}` is
 * skipped; otherwise `{{` opens a call and `}}` closes one, and a call that opens at depth 0 is a
 * top-level call. Like mwn, a `}}` that closes nothing leaves the depth negative, and no call opens
 * at depth 0 again until `{{`s bring it back. Comments and <nowiki> are masked, so mwn's states for
 * them never start. Character codes, not slices: this runs on every page a plan touches (DESIGN §5).
 */
function scanBraces(masked: string): BraceScan {
  const scan: BraceScan = { calls: [], strayClose: -1, unclosedParameter: -1, unclosedCalls: 0 };
  let depth = 0;
  let callStart = 0;
  for (let i = 0; i < masked.length; i++) {
    const code = masked.charCodeAt(i);
    if (code !== BRACE_OPEN && code !== BRACE_CLOSE) continue;
    const next = masked.charCodeAt(i + 1);
    if (code === BRACE_OPEN && next === BRACE_OPEN && masked.charCodeAt(i + 2) === BRACE_OPEN && masked.charCodeAt(i + 3) !== BRACE_OPEN) {
      const close = masked.indexOf('}}}', i + 3);
      if (close === -1) {
        scan.unclosedParameter = i;
        break;
      }
      i = close + 2;
    } else if (code === BRACE_OPEN && next === BRACE_OPEN) {
      if (depth === 0) callStart = i;
      depth++;
      i++;
    } else if (code === BRACE_CLOSE && next === BRACE_CLOSE) {
      if (depth === 1) scan.calls.push({ start: callStart, end: i + 2 });
      if (depth === 0 && scan.strayClose === -1) scan.strayClose = i;
      depth--;
      i++;
    }
  }
  scan.unclosedCalls = Math.max(depth, 0);
  return scan;
}

/**
 * Why the text cannot be edited safely, or null when it can: an unclosed comment, a template,
 * parser function or parameter that mwn's parser cannot read as closed, or an unclosed
 * <translate>. A transform given such text would guess.
 */
export function findUnbalancedMarkup(text: string): string | null {
  const commentOpen = text.lastIndexOf('<!--');
  if (commentOpen !== -1 && text.indexOf('-->', commentOpen) === -1) {
    return `an HTML comment opened at offset ${commentOpen} is never closed`;
  }
  const masked = maskInert(text);
  const braces = scanBraces(masked);
  if (braces.strayClose !== -1) return `a "}}" at offset ${braces.strayClose} closes a template that was never opened`;
  if (braces.unclosedParameter !== -1) {
    return `a template parameter opened with "{{{" at offset ${braces.unclosedParameter} is never closed`;
  }
  if (braces.unclosedCalls > 0) return `${braces.unclosedCalls} template call(s) opened with "{{" are never closed`;
  const opens = (masked.match(/<translate\b[^>]*>/gi) ?? []).length;
  const closes = (masked.match(/<\/translate\s*>/gi) ?? []).length;
  if (opens !== closes) return `<translate> tags are unbalanced (${opens} opened, ${closes} closed)`;
  return null;
}
