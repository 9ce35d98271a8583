// Plain text and times in generated wikitext: the status and Tasks pages show reasons, settings and
// descriptions that must render as written (a reason quoting "{{nobots}}" or "~~~~" must not act).

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '[': '&#91;',
  ']': '&#93;',
  '{': '&#123;',
  '}': '&#125;',
  '|': '&#124;',
  "'": '&#39;',
  '~': '&#126;',
  '_': '&#95;',
};

function escapeChars(text: string): string {
  return text.replace(/[&<>[\]{}|'~_]/g, (c) => ENTITIES[c]);
}

/** Markup a text quotes (a template or a link, e.g. a reason naming "{{nobots}}"): shown as code, not as prose. */
const QUOTED_MARKUP = /(\{\{[^\n]*?\}\}|\[\[[^\n]*?\]\])/;

/**
 * Text that renders literally inside wikitext: no links, templates, tables, signatures or magic
 * words. Markup the text quotes renders in <code>, so an editor reads it as a name, not as broken markup.
 */
export function escapeWikitext(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .split(QUOTED_MARKUP)
    .map((part, index) => (index % 2 ? `<code>${escapeChars(part)}</code>` : escapeChars(part)))
    .join('');
}

/** Text for a <pre> block: only what HTML would read as markup is escaped, lines are kept. */
export function escapePre(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** "2026-01-31 04:00 UTC": the only time format the status page uses (see sameIgnoringTimes). */
export function formatUtc(date: Date | string): string {
  const iso = (typeof date === 'string' ? new Date(date) : date).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

const UTC_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/g;

/** True when two renderings differ only in their times (formatted by formatUtc). */
export function sameIgnoringTimes(a: string, b: string): boolean {
  return a.replace(UTC_TIME, '<time>') === b.replace(UTC_TIME, '<time>');
}
