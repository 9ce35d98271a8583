// What the task asks the wiki once per run: is Translate there, which languages it knows, which
// templates redirect to the banner, which pages are translatable, and whether it can mark pages.
import type { WikiReader } from '../../src/wiki/client';
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
  for (let start = 0; start < roots.length; start += FILTERS_PER_REQUEST) {
    // `page-<Title>*` matches the page's own group and every subpage's (case-insensitive, so we check exactly below).
    const filter = roots.slice(start, start + FILTERS_PER_REQUEST).map((root) => `page-${root}*`);
    const response = await wiki.query({ meta: 'messagegroups', mgfilter: filter, mgprop: 'id', mgformat: 'flat' });
    for (const group of response.query?.messagegroups ?? []) {
      const id = String(group.id ?? '');
      if (id.startsWith('page-')) pages.add(id.slice('page-'.length));
    }
  }
  return pages;
}

async function readBannerRedirects(wiki: WikiReader, template: string): Promise<string[]> {
  const names: string[] = [];
  for await (const response of wiki.queryAll({
    list: 'backlinks',
    bltitle: `Template:${template}`,
    blfilterredir: 'redirects',
    blnamespace: 10,
    bllimit: 'max',
  })) {
    for (const link of response.query?.backlinks ?? []) names.push(normaliseTemplateName(String(link.title)));
  }
  return names;
}

/** Reads the facts with one siteinfo request, the redirects, and (with Translate) the message groups of `roots`. */
export async function readSiteFacts(wiki: WikiReader, template: string, roots: readonly string[]): Promise<SiteFacts> {
  const siteinfo = await wiki.query({ meta: 'siteinfo', siprop: 'extensions|languages' });
  const extensions: Array<{ name?: string }> = siteinfo.query?.extensions ?? [];
  const languages: Array<{ code?: string }> = siteinfo.query?.languages ?? [];
  const hasTranslate = extensions.some((extension) => extension.name === 'Translate');
  return {
    hasTranslate,
    languageCodes: new Set(languages.flatMap((language) => (language.code ? [language.code] : []))),
    bannerRedirects: await readBannerRedirects(wiki, template),
    translatablePages: hasTranslate ? await readTranslatablePages(wiki, roots) : null,
  };
}
