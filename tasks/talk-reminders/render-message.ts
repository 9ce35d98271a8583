// Turns a reminder into its section title and body: picks the message variant for the talk page's
// language and fills the placeholders. Pure; the values come in already safe to place in wikitext.

/** `{name}` or `{name|text used when the value is missing}`. */
const TOKEN = /\{(\w+)(?:\|([^{}]*))?\}/g;

export interface MessageText {
  sectionTitle: string;
  body: string;
}

export interface Message extends MessageText {
  /** Variants by language code (`de`, `zh-hans`); a code falls back to its base (`zh-hans` → `zh`). */
  languages: Record<string, MessageText>;
}

/**
 * A placeholder's wikitext, or a function of the language of the message variant chosen (for values
 * written in words: a language's name, a date).
 */
export type PlaceholderValue = string | ((messageLanguage: string) => string);

export type PlaceholderValues = Readonly<Record<string, PlaceholderValue | undefined>>;

export interface RenderedMessage extends MessageText {
  /** The language of the variant used. */
  language: string;
}

/**
 * Placeholders in `text` that are not in `known`. A `{word}` that touches another brace belongs to
 * wikitext (`{{Historical}}`, `{{{1}}}`), not to us, and is not reported.
 */
export function unknownPlaceholders(text: string, known: readonly string[]): string[] {
  const unknown: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    const inWikitext = text[index - 1] === '{' || text[index + match[0].length] === '}';
    if (!known.includes(match[1]) && !inWikitext && !unknown.includes(match[1])) unknown.push(match[1]);
  }
  return unknown;
}

/** Replaces the known placeholders; a missing value gives the token's fallback text, or nothing. */
export function fillPlaceholders(text: string, known: readonly string[], values: Readonly<Record<string, string | undefined>>): string {
  return text.replace(TOKEN, (token: string, name: string, fallback: string | undefined) => {
    if (!known.includes(name)) return token;
    return values[name] ?? fallback ?? '';
  });
}

/** Markup anywhere in a line: links, templates, tags, tables, signatures, bold/italic, switches, entities. */
const INLINE_MARKUP = /[[\]{}<>|~]|''|__|&(#\d+|#x[0-9a-f]+|\w+);/i;
/** Markup at the start of a line (lists, definitions, headings, rules), should a message put the value there. */
const LINE_MARKUP = /^[*#:;=-]/;

/**
 * Free text from a page or a person (a sentence, a section heading, notes) as inert wikitext on one
 * line: wrapped in <nowiki> when it holds anything that could be markup, so a quoted "~~~~" does
 * not sign and a quoted "{{nobots}}" does not transclude.
 */
export function escapeWikitext(value: string): string {
  const line = value.replace(/\s+/g, ' ').trim();
  if (!INLINE_MARKUP.test(line) && !LINE_MARKUP.test(line)) return line;
  // Inside <nowiki> entities still count: escaping & and < keeps the text literal and stops "</nowiki>".
  return `<nowiki>${line.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</nowiki>`;
}

/** The variant for `pageLanguage`: the exact code, then its base language, then the default message. */
export function chooseVariant(message: Message, pageLanguage: string | null, defaultLanguage: string): RenderedMessage {
  const code = (pageLanguage ?? '').toLowerCase();
  const candidates = code ? [code, code.split('-')[0]] : [];
  for (const candidate of candidates) {
    const variant = message.languages[candidate];
    if (variant) return { ...variant, language: candidate };
  }
  return { sectionTitle: message.sectionTitle, body: message.body, language: defaultLanguage };
}

/**
 * The language's name in the message's own language, left to the wiki ({{#language:}} with CLDR on
 * Meta), so a German variant says "Chinesisch" without the bot carrying a table of names.
 */
export function languageNameWikitext(code: string, inLanguage: string): string {
  return `{{#language:${code}|${inLanguage}}}`;
}

export interface RenderInput {
  message: Message;
  /** The placeholders this kind of reminder offers. */
  known: readonly string[];
  values: PlaceholderValues;
  pageLanguage: string | null;
  defaultLanguage: string;
}

export function renderMessage(input: RenderInput): RenderedMessage {
  const variant = chooseVariant(input.message, input.pageLanguage, input.defaultLanguage);
  const values = Object.fromEntries(
    Object.entries(input.values).map(([name, value]) => [name, typeof value === 'function' ? value(variant.language) : value]),
  );
  return {
    // A section title is one line: MediaWiki would otherwise cut the heading at the line break.
    sectionTitle: fillPlaceholders(variant.sectionTitle, input.known, values).replace(/\s+/g, ' ').trim(),
    body: fillPlaceholders(variant.body, input.known, values).trim(),
    language: variant.language,
  };
}
