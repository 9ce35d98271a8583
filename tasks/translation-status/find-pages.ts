// Which translatable pages to report on: the ones named in config plus the ones Translate lists
// under the configured prefixes.
import { byCodePoint } from '../../src/core/code-point-order';
import { normaliseTitle } from '../../src/core/title';
import type { WikiReader } from '../../src/wiki/client';
import { readMessageGroups } from '../../src/wiki/reader';

const GROUP_PREFIX = 'page-';

/** Configured pages first, in their order, then discovered ones in code point order, as the wiki lists titles; each once. */
export function watchedPages(configured: readonly string[], discovered: readonly string[]): string[] {
  const seen = new Set<string>();
  const pages: string[] = [];
  for (const title of [...configured.map(normaliseTitle), ...discovered.map(normaliseTitle).sort(byCodePoint)]) {
    if (seen.has(title)) continue;
    seen.add(title);
    pages.push(title);
  }
  return pages;
}

/** Translatable pages whose titles start with one of the prefixes, from their message groups (one request). */
export async function discoverPages(wiki: WikiReader, prefixes: readonly string[]): Promise<string[]> {
  if (prefixes.length === 0) return [];
  const filters = prefixes.map((prefix) => `${GROUP_PREFIX}${normaliseTitle(prefix)}*`);
  const groups = await readMessageGroups(wiki, filters, 'with-class');
  return groups
    .filter((group) => group.class === 'WikiPageMessageGroup' && group.id.startsWith(GROUP_PREFIX))
    .map((group) => group.id.slice(GROUP_PREFIX.length));
}
