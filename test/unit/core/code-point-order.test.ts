// byCodePoint orders strings by Unicode code point (Python's sorted(), SQL's binary collation), also
// where JavaScript's `<` on UTF-16 code units disagrees: a character above U+FFFF against one from
// U+E000 to U+FFFF. The reference below compares the code points one by one, as Array.from gives them.
import { byCodePoint } from '../../../src/core/code-point-order';

function reference(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Characters from each range whose order matters: ASCII, the rest of the BMP below and above the surrogates, and astral ones. */
const ALPHABET = ['-', '0', '9', 'A', 'a', 'z', 'é', '\u0800', '\uD7FF', '\uE000', '\uFB01', '\uFF21', '\uFFFD', '\u{10000}', '\u{1F600}', '\u{10FFFF}'];

/** A small linear congruential generator: the same texts on every run. */
function textsFrom(seed: number, count: number): string[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  return Array.from({ length: count }, () => Array.from({ length: next(5) }, () => ALPHABET[next(ALPHABET.length)]).join(''));
}

describe('byCodePoint', () => {
  it('puts an astral character after U+FF21, where `<` on code units puts it before', () => {
    expect('\u{1F600}' < '\uFF21').toBe(true);
    expect(byCodePoint('\u{1F600}', '\uFF21')).toBeGreaterThan(0);
    expect(byCodePoint('\uFF21', '\u{1F600}')).toBeLessThan(0);
  });

  it('agrees in sign with comparing code points for 3,000 generated pairs, prefixes and equal texts included', () => {
    const texts = textsFrom(7, 3000);
    const disagreeing = texts.flatMap((a, i) => {
      const b = texts[(i * 7919) % texts.length]!;
      return [[a, b], [a, a], [a, `${a}${b}`]].filter(([x, y]) => Math.sign(byCodePoint(x!, y!)) !== Math.sign(reference(x!, y!)));
    });
    expect(disagreeing).toEqual([]);
  });

  it('orders language codes and ISO timestamps as the report and the ledger list them', () => {
    expect(['zh-hant', 'zh', 'de', 'be-tarask', 'be', 'zh-hans'].sort(byCodePoint)).toEqual(['be', 'be-tarask', 'de', 'zh', 'zh-hans', 'zh-hant']);
    expect(['2026-12-10T16:00:00Z', '2026-12-09T16:00:00Z', '2026-12-10T09:30:00Z'].sort(byCodePoint)).toEqual([
      '2026-12-09T16:00:00Z',
      '2026-12-10T09:30:00Z',
      '2026-12-10T16:00:00Z',
    ]);
  });
});
