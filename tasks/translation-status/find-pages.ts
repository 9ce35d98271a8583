// Which translatable pages to report on: the ones named in config plus the ones Translate lists
// under the configured prefixes, and the source language of each (which is not a translation).
import { batchesOf } from '../../src/core/batches';
import { normaliseTitle } from '../../src/core/title';
import type { WikiReader } from '../../src/wiki/client';

const GROUP_PREFIX = 'page-';


/** Configured pages first, in their order, then discovered ones alphabetically; each once. */
export function watchedPages(configured: readonly string[], discovered: readonly string[]): string[] {
  const seen = new Set<string>();
  const pages: string[] = [];
  for (const title of [...configured.map(normaliseTitle), ...discovered.map(normaliseTitle).sort()]) {
    if (seen.has(title)) continue;
    seen.add(title);
    pages.push(title);
  }
  return pages;
}

/** Translatable pages whose titles start with one of the prefixes, from their message groups (one request). */
export async function discoverPages(wiki: WikiReader, prefixes: readonly string[]): Promise<string[]> {
  if (prefixes.length === 0) return [];
  const response = await wiki.query({
    meta: 'messagegroups',
    mgprop: 'id|class',
    mgfilter: prefixes.map((prefix) => `${GROUP_PREFIX}${normaliseTitle(prefix)}*`),
  });
  const groups: Array<{ id?: string; class?: string }> = response.query?.messagegroups ?? [];
  return groups
    .filter((group) => group.class === 'WikiPageMessageGroup' && group.id?.startsWith(GROUP_PREFIX))
    .map((group) => group.id!.slice(GROUP_PREFIX.length));
}

/**
 * The page language of each title (for a translatable page, its source language), batched. A title
 * the wiki does not return is left out; the caller then counts no language as the source.
 */
export async function readSourceLanguages(wiki: WikiReader, titles: readonly string[]): Promise<Map<string, string>> {
  const languages = new Map<string, string>();
  for (const batch of batchesOf(titles, wiki.titlesPerRequest)) {
    const response = await wiki.query({ prop: 'info', titles: batch });
    const renamed = new Map<string, string>();
    for (const n of response.query?.normalized ?? []) renamed.set(n.to, n.from);
    for (const page of response.query?.pages ?? []) {
      if (typeof page.pagelanguage === 'string') languages.set(renamed.get(page.title) ?? page.title, page.pagelanguage);
    }
  }
  return languages;
}
