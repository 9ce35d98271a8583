// One order for the bot's own strings (ISO timestamps, keys, ids, language codes, parameter names):
// by Unicode code point, as Python's sorted() and SQL's binary collation order them. It is the same
// on every machine and costs no ICU data: String.prototype.localeCompare and Intl.Collator load
// ICU's collation data on first use, about 3.5 MB of RSS (measured on 2026-12-07 with a talk-reminders
// run at 1,000 pages), for strings whose order is not a matter of language.

/**
 * Negative when `a` comes first, positive when `b` does, 0 when equal. JavaScript's `<` compares
 * UTF-16 code units, which differs from code point order only where a surrogate (a character above
 * U+FFFF) meets a character from U+E000 to U+FFFF; the first unit that differs is adjusted for that,
 * as ICU's u_strCompare(…, codePointOrder) does.
 */
export function byCodePoint(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A code unit's place in code point order: surrogates after U+E000..U+FFFF, the rest as they are. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
