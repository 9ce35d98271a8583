// What the task knows of the wiki for a run (the siteinfo read at connect, and what it asks once per run): is Translate there, which languages it knows, which
// templates redirect to the banner, which pages are translatable, and whether it can mark pages.
import { batchesOf } from '../../src/core/batches';
import type { WikiReader } from '../../src/wiki/client';
import { listRedirectsTo, readMessageGroups } from '../../src/wiki/reader';
import { normaliseTemplateName } from '../../src/wikitext/parse';
import type { TranslationFacts } from './translation-pages';

export interface SiteFacts extends TranslationFacts {
  hasTranslate: boolean;
  /** Names of templates that redirect to the banner template, normalised, without the namespace. */
  bannerRedirects: string[];
}

/** meta=messagegroups takes at most 50 filters a request (500 with apihighlimits). */
const FILTERS_PER_REQUEST = 50;

async function readTranslatablePages(wiki: WikiReader, roots: readonly string[]): Promise<Set<string>> {
  const pages = new Set<string>();
  for (const batch of batchesOf(roots, FILTERS_PER_REQUEST)) {
    // `page-<Title>*` matches the page's own group and every subpage's (case-insensitive, so we check exactly below).
    const groups = await readMessageGroups(wiki, batch.map((root) => `page-${root}*`), 'flat');
    for (const { id } of groups) if (id.startsWith('page-')) pages.add(id.slice('page-'.length));
  }
  return pages;
}

async function readBannerRedirects(wiki: WikiReader, template: string): Promise<string[]> {
  return (await listRedirectsTo(wiki, `Template:${template}`, 10)).map(normaliseTemplateName);
}

/** The facts from the siteinfo read at connect, the redirects, and (with Translate) the message groups of `roots`. */
export async function readSiteFacts(wiki: WikiReader, template: string, roots: readonly string[]): Promise<SiteFacts> {
  const hasTranslate = wiki.siteInfo.extensions.includes('Translate');
  return {
    hasTranslate,
    languageCodes: new Set(wiki.siteInfo.languages),
    bannerRedirects: await readBannerRedirects(wiki, template),
    translatablePages: hasTranslate ? await readTranslatablePages(wiki, roots) : null,
  };
}
