// What the task needs to know about Translate markup: whether a page is translatable, whether an
// offset sits inside a <translate> block, and how to keep the unit markers (<!--T:n-->) that
// Translate adds to the bot's own lines when a translation admin marks the page.
import { findTranslateBlocks, hasTranslateMarkup } from '../../src/wikitext/parse';

const TRANSLATE_OPEN = /<translate\b[^>]*>/gi;
const UNIT_MARKER = /<!--T:[^\s>]+?-->/g;

export function isTranslatable(text: string): boolean {
  return hasTranslateMarkup(text);
}

/** How many <translate> blocks are open at `offset`: 1 inside one, else 0 (Translate does not nest them). */
export function translateDepthAt(text: string, offset: number): number {
  return findTranslateBlocks(text).some((block) => block.start < offset && offset < block.end) ? 1 : 0;
}

/** A line as Translate compares units: without unit markers, and with variables' values left out. */
function unitShape(line: string): string {
  return line
    .replace(new RegExp(`${UNIT_MARKER.source}[ ]?`, 'g'), '')
    .replace(/(<tvar\b[^>]*>)[\s\S]*?(<\/tvar\s*>)/gi, '$1$2')
    .trim();
}

/**
 * Gives each line of `newBody` the unit markers of a line of `oldBody` of the same shape, in order.
 * Without this, every re-render would drop the markers Translate added, and the next marking would
 * create new units and throw away their translations. Only variable values change between shapes.
 */
export function carryUnitMarkers(oldBody: string, newBody: string): string {
  const pool = new Map<string, string[][]>();
  for (const line of oldBody.split('\n')) {
    const markers = line.match(UNIT_MARKER);
    if (!markers) continue;
    const shape = unitShape(line);
    pool.set(shape, [...(pool.get(shape) ?? []), markers]);
  }
  return newBody
    .split('\n')
    .map((line) => {
      if (line.match(UNIT_MARKER)) return line;
      const markers = pool.get(unitShape(line))?.shift();
      if (!markers) return line;
      let next = 0;
      return line.replace(TRANSLATE_OPEN, (tag) => (next < markers.length ? `${tag}${markers[next++]} ` : tag));
    })
    .join('\n');
}
