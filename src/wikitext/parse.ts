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
  return text.replace(INERT, (match) => match.replace(/[^\n]/g, ' '));
}

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
  const masked = maskInert(text);
  const found = mwnParseTemplates(masked, { recursive: options.recursive ?? false });
  let searchFrom = 0;
  return found.map((template) => {
    const index = masked.indexOf(template.wikitext, options.recursive ? 0 : searchFrom);
    searchFrom = index + template.wikitext.length;
    return {
      name: normaliseTemplateName(String(template.name)),
      params: template.parameters.map((p) => ({ name: String(p.name).trim(), value: p.value })),
      wikitext: template.wikitext,
      index,
    };
  });
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

/**
 * Why the text cannot be edited safely, or null when it can: an unclosed comment, an unclosed
 * template or parser function, or an unclosed <translate>. A transform given such text would guess.
 */
export function findUnbalancedMarkup(text: string): string | null {
  const commentOpen = text.lastIndexOf('<!--');
  if (commentOpen !== -1 && text.indexOf('-->', commentOpen) === -1) {
    return `an HTML comment opened at offset ${commentOpen} is never closed`;
  }
  const masked = maskInert(text);
  let depth = 0;
  // Character codes, not two-character slices: this runs on every page a plan touches (DESIGN §5).
  const BRACE_OPEN = 123;
  const BRACE_CLOSE = 125;
  for (let i = 0; i < masked.length - 1; i++) {
    const code = masked.charCodeAt(i);
    if (code !== BRACE_OPEN && code !== BRACE_CLOSE) continue;
    if (code === BRACE_OPEN && masked.charCodeAt(i + 1) === BRACE_OPEN) {
      depth++;
      i++;
    } else if (code === BRACE_CLOSE && masked.charCodeAt(i + 1) === BRACE_CLOSE) {
      depth--;
      i++;
      if (depth < 0) return `a "}}" at offset ${i - 1} closes a template that was never opened`;
    }
  }
  if (depth > 0) return `${depth} template call(s) opened with "{{" are never closed`;
  const opens = (masked.match(/<translate\b[^>]*>/gi) ?? []).length;
  const closes = (masked.match(/<\/translate\s*>/gi) ?? []).length;
  if (opens !== closes) return `<translate> tags are unbalanced (${opens} opened, ${closes} closed)`;
  return null;
}
