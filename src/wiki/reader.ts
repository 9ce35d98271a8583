// Typed reads for tasks: each function sends the same request a task used to build by hand and
// turns the API's answer (formatversion 2) into plain typed values, so no untyped API response
// reaches tasks/. Batching stays where it was: one request per batch of `titlesPerRequest` titles.
import type { ApiParams } from 'mwn';
import { batchesOf } from '../core/batches';
import type { Namespace } from '../core/title';
import { PAGE_STATE_PARAMS, pageStatesIn, type ApiResponse, type PageProtection, type PageState, type WikiReader } from './client';

export type { Namespace };

/** What tasks know of the wiki from meta=siteinfo: read once, when the client connects (WikiReader.siteInfo). */
export interface SiteInfo {
  /** Names of the installed extensions (`Translate`). */
  extensions: string[];
  /** Language codes the wiki knows. */
  languages: string[];
  namespaces: Namespace[];
  /** The largest page the wiki saves, in bytes of UTF-8 (`general.maxarticlesize`: 2 MiB on Wikimedia wikis), when it says. */
  maxArticleBytes?: number;
}

/** A section of siteinfo asked for by its own `siprop` (the page size limit comes with `general`, always asked). */
export type SiteInfoSection = Exclude<keyof SiteInfo, 'maxArticleBytes'>;

/** Every section tasks read: what the client asks for when it connects. */
export const SITE_INFO_SECTIONS: readonly SiteInfoSection[] = ['extensions', 'languages', 'namespaces'];

/** The namespace table of a meta=siteinfo answer with siprop namespaces|namespacealiases. */
export function parseNamespaces(response: ApiResponse): Namespace[] {
  const aliases = new Map<number, string[]>();
  for (const alias of response.query?.namespacealiases ?? []) {
    aliases.set(alias.id, [...(aliases.get(alias.id) ?? []), String(alias.alias)]);
  }
  return Object.values<Record<string, unknown>>(response.query?.namespaces ?? {}).map((ns) => ({
    id: Number(ns.id),
    name: String(ns.name ?? ''),
    ...(ns.canonical !== undefined ? { canonical: String(ns.canonical) } : {}),
    aliases: aliases.get(Number(ns.id)) ?? [],
    ...(ns.case === 'case-sensitive' || ns.case === 'first-letter' ? { case: ns.case } : {}),
  }));
}

/** The `siprop` for these sections, in the order asked (namespaces bring their aliases). */
export function siteInfoProps(sections: readonly SiteInfoSection[]): string {
  return sections.map((section) => (section === 'namespaces' ? 'namespaces|namespacealiases' : section)).join('|');
}

/** The given sections of a meta=siteinfo answer (asked for with `siteInfoProps(sections)`), typed. */
export function siteInfoOf<K extends SiteInfoSection>(response: ApiResponse, sections: readonly K[]): Pick<SiteInfo, K> {
  const has = (section: SiteInfoSection) => (sections as readonly SiteInfoSection[]).includes(section);
  const extensions: Array<{ name?: unknown }> = response.query?.extensions ?? [];
  const languages: Array<{ code?: unknown }> = response.query?.languages ?? [];
  return {
    ...(has('extensions') ? { extensions: extensions.flatMap((e) => (typeof e.name === 'string' ? [e.name] : [])) } : {}),
    ...(has('languages') ? { languages: languages.flatMap((l) => (typeof l.code === 'string' && l.code ? [l.code] : [])) } : {}),
    ...(has('namespaces') ? { namespaces: parseNamespaces(response) } : {}),
  } as Pick<SiteInfo, K>;
}

/** The page size limit in a meta=siteinfo answer with siprop general, as `SiteInfo` holds it (absent when the wiki does not say). */
export function maxArticleBytesOf(response: ApiResponse): Pick<SiteInfo, 'maxArticleBytes'> {
  const bytes: unknown = response.query?.general?.maxarticlesize;
  return typeof bytes === 'number' ? { maxArticleBytes: bytes } : {};
}

/** One message group of the Translate extension (meta=messagegroups). */
export interface MessageGroup {
  id: string;
  /** Asked for with `withClass` (`WikiPageMessageGroup` for a translatable page). */
  class?: string;
}

/**
 * Translate's message groups matching the filters (`page-Title*`), in one request. `flat` asks for a
 * flat list with ids only; otherwise ids and classes.
 */
export async function readMessageGroups(wiki: WikiReader, filters: readonly string[], shape: 'flat' | 'with-class'): Promise<MessageGroup[]> {
  const shapeParams: Record<string, string> = shape === 'flat' ? { mgprop: 'id', mgformat: 'flat' } : { mgprop: 'id|class' };
  const response = await wiki.query({ meta: 'messagegroups', mgfilter: [...filters], ...shapeParams });
  const groups: Array<{ id?: unknown; class?: unknown }> = response.query?.messagegroups ?? [];
  return groups.map((group) => ({ id: String(group.id ?? ''), ...(typeof group.class === 'string' ? { class: group.class } : {}) }));
}

/** One row of meta=messagegroupstats. `translated` excludes outdated units; `fuzzy` counts them. */
export interface LanguageStats {
  code: string;
  total: number;
  translated: number;
  fuzzy: number;
  proofread: number;
}

/** The rows of one answer, or null when the answer has no messagegroupstats at all (module unknown). */
export function statsRows(response: ApiResponse): LanguageStats[] | null {
  const rows = response.query?.messagegroupstats;
  if (!Array.isArray(rows)) return null;
  return rows.map((row) => ({
    code: String(row.code ?? row.language),
    total: Number(row.total ?? 0),
    translated: Number(row.translated ?? 0),
    fuzzy: Number(row.fuzzy ?? 0),
    proofread: Number(row.proofread ?? 0),
  }));
}

/** One answer of meta=messagegroupstats: its rows (null: module unknown) and where to go on, if anywhere. */
export interface GroupStatsAnswer {
  rows: LanguageStats[] | null;
  /** Set when Translate's cache was incomplete: the parameters to continue with (`mgsoffset` among them). */
  next?: Record<string, string>;
}

/** Reads one answer of a message group's statistics, continuing from `next`. */
export async function readGroupStatsAnswer(wiki: WikiReader, group: string, next: Record<string, string>): Promise<GroupStatsAnswer> {
  const response = await wiki.query({ meta: 'messagegroupstats', mgsgroup: group, ...next });
  const offset = response.continue?.mgsoffset;
  return { rows: statsRows(response), ...(offset !== undefined ? { next: { ...response.continue, mgsoffset: String(offset) } } : {}) };
}

/** The page language of each title (prop=info), batched; keyed by the titles as given. Missing answers are left out. */
export async function readPageLanguages(wiki: WikiReader, titles: readonly string[]): Promise<Map<string, string>> {
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

/** Titles from a list module (`backlinks`, `allpages`), all continuations followed. */
async function listTitles(wiki: WikiReader, list: 'backlinks' | 'allpages', params: Record<string, string | number>): Promise<string[]> {
  const titles: string[] = [];
  for await (const response of wiki.queryAll({ list, ...params })) {
    for (const page of response.query?.[list] ?? []) titles.push(String(page.title));
  }
  return titles;
}

/** Redirects to `title` in one namespace (list=backlinks). */
export function listRedirectsTo(wiki: WikiReader, title: string, namespace: number): Promise<string[]> {
  return listTitles(wiki, 'backlinks', { bltitle: title, blfilterredir: 'redirects', blnamespace: namespace, bllimit: 'max' });
}

/** Pages (not redirects) of a namespace whose title there starts with `prefix` (list=allpages). */
export function listPagesWithPrefix(wiki: WikiReader, namespace: number, prefix: string): Promise<string[]> {
  return listTitles(wiki, 'allpages', { apnamespace: namespace, apprefix: prefix, apfilterredir: 'nonredirects', aplimit: 'max' });
}

export interface Revision {
  revId: number;
  user: string | null;
  text: string | null;
}

/** Up to `limit` revisions of a page from `startId` on (that one included), oldest first, with content. */
export async function readRevisionsFrom(wiki: WikiReader, title: string, startId: number, limit: number): Promise<Revision[]> {
  const response = await wiki.query({
    prop: 'revisions',
    titles: title,
    rvstartid: startId,
    rvdir: 'newer',
    rvprop: 'ids|user|content',
    rvslots: 'main',
    rvlimit: limit,
  });
  const revisions: Array<Record<string, any>> = response.query?.pages?.[0]?.revisions ?? [];
  return revisions.map((revision) => ({
    revId: Number(revision.revid),
    user: typeof revision.user === 'string' ? revision.user : null,
    text: typeof revision.slots?.main?.content === 'string' ? revision.slots.main.content : null,
  }));
}

/** A page reached from a requested title by following its redirects, with what a post there depends on. */
export interface RedirectedPage {
  /** The title asked for. */
  requested: string;
  /** The end of the redirect chain, as the wiki spells it. */
  title: string;
  /** The redirects followed, in order (empty when there were none). */
  redirectedFrom: string[];
  exists: boolean;
  invalidReason?: string;
  /** Set when a redirect leads nowhere (a loop, or a target the wiki did not return). */
  brokenRedirect?: string;
  text: string | null;
  /** In the opt-out category asked about. */
  optedOut: boolean;
  protection: PageProtection[];
  /** `pagelanguage` of the page reached. */
  language: string | null;
}

function spaced(name: string): string {
  return name.replace(/_/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

interface RedirectAnswers {
  renamed: Map<string, string>;
  redirects: Map<string, string>;
  pages: Map<string, Record<string, any>>;
  optedOut: Set<string>;
}

/** Gathers a continued `redirects` query's answers (categories merged, the first copy with text kept). */
function gatherRedirectAnswers(responses: readonly ApiResponse[], category: string): RedirectAnswers {
  const gathered: RedirectAnswers = { renamed: new Map(), redirects: new Map(), pages: new Map(), optedOut: new Set() };
  const categoryTitle = spaced(category.replace(/^category:/i, ''));
  for (const response of responses) {
    const query = response.query ?? {};
    for (const n of [...(query.normalized ?? []), ...(query.converted ?? [])]) gathered.renamed.set(n.from, n.to);
    for (const r of query.redirects ?? []) gathered.redirects.set(r.from, r.to);
    for (const page of query.pages ?? []) {
      const seen = gathered.pages.get(page.title);
      if (!seen || (!seen.revisions && page.revisions)) gathered.pages.set(page.title, page);
      // The category's namespace prefix is local (Kategorie:, Catégorie:): compare the name after it.
      if ((page.categories ?? []).some((c: { title: string }) => spaced(c.title.slice(c.title.indexOf(':') + 1)) === categoryTitle)) {
        gathered.optedOut.add(page.title);
      }
    }
  }
  return gathered;
}

function redirectedPage(title: string, answers: RedirectAnswers): RedirectedPage {
  let current = answers.renamed.get(title) ?? title;
  const chain: string[] = [];
  while (answers.redirects.has(current) && !chain.includes(current)) {
    chain.push(current);
    current = answers.redirects.get(current) as string;
  }
  const page = answers.pages.get(current);
  const revision = page?.revisions?.[0];
  const loop = chain.includes(current) || (page?.redirect === true && chain.length > 0);
  return {
    requested: title,
    title: page?.title ?? current,
    redirectedFrom: chain,
    exists: page !== undefined && !page.missing && !page.invalid,
    ...(page?.invalid ? { invalidReason: String(page.invalidreason ?? 'invalid title') } : {}),
    ...(loop ? { brokenRedirect: `the redirects from "${title}" go round in a loop` } : {}),
    ...(!page ? { brokenRedirect: `the wiki did not return "${current}"` } : {}),
    text: revision?.slots?.main?.content ?? null,
    optedOut: page !== undefined && answers.optedOut.has(page.title),
    protection: (page?.protection ?? []).map((p: PageProtection) => ({ type: p.type, level: p.level, expiry: p.expiry })),
    language: page?.pagelanguage ?? null,
  };
}

/** One RedirectedPage per requested title from the answers of a `redirects` query (all its continuations). */
export function parseRedirectedPages(requested: readonly string[], responses: readonly ApiResponse[], category: string): Map<string, RedirectedPage> {
  const answers = gatherRedirectAnswers(responses, category);
  return new Map(requested.map((title) => [title, redirectedPage(title, answers)]));
}

/**
 * Reads pages following redirects, with their membership of `category`, in batches. It asks for
 * all a PageState holds as well, so the run's reader remembers the pages reached and the writer
 * prepares from this read instead of reading them again.
 */
export async function readPagesThroughRedirects(wiki: WikiReader, titles: readonly string[], category: string): Promise<Map<string, RedirectedPage>> {
  const result = new Map<string, RedirectedPage>();
  const params = { prop: `${PAGE_STATE_PARAMS.prop}|categories`, redirects: true, clcategories: `Category:${category}`, cllimit: 'max' };
  for await (const { batch, responses } of pageStateAnswers(wiki, titles, params)) {
    for (const [title, page] of parseRedirectedPages(batch, responses, category)) result.set(title, page);
  }
  return result;
}

/**
 * Each batch of `titles` (titlesPerRequest at a time, each title once) with every answer of its query:
 * all a PageState holds, plus `params`, continued until done.
 */
async function* pageStateAnswers(wiki: WikiReader, titles: readonly string[], params: ApiParams): AsyncGenerator<{ batch: string[]; responses: ApiResponse[] }> {
  for (const batch of batchesOf([...new Set(titles)], wiki.titlesPerRequest)) {
    const responses: ApiResponse[] = [];
    for await (const response of wiki.queryAll({ ...PAGE_STATE_PARAMS, ...params, titles: batch })) responses.push(response);
    yield { batch, responses };
  }
}

/** A page as readPages gives it, and whether the page as rendered transcludes a given template. */
export interface PageWithTransclusion {
  page: PageState;
  transcludes: boolean;
}

/**
 * Reads pages as readPages does, in the same batched requests, asking with them whether each page as
 * rendered transcludes `template` (prop=templates, the wiki's template links from the page's last
 * parse): directly, through a redirect to it, or through another template or a parser function's
 * branch that calls it. The map is keyed by the titles as given.
 */
export async function readPagesTranscluding(wiki: WikiReader, titles: readonly string[], template: string): Promise<Map<string, PageWithTransclusion>> {
  const result = new Map<string, PageWithTransclusion>();
  for await (const { batch, responses } of pageStateAnswers(wiki, titles, { prop: `${PAGE_STATE_PARAMS.prop}|templates`, tltemplates: template, tllimit: 'max' })) {
    const renamed = new Map<string, string>(responses.flatMap((r) => r.query?.normalized ?? []).map((n: { from: string; to: string }) => [n.from, n.to]));
    const transcluding = new Set<string>(responses.flatMap((r) => r.query?.pages ?? []).filter((p: { templates?: unknown[] }) => p.templates?.length).map((p: { title: string }) => p.title));
    const pages = new Map(pageStatesIn(responses).map((page) => [page.title, page]));
    for (const title of batch) {
      const page = pages.get(renamed.get(title) ?? title);
      if (page) result.set(title, { page, transcludes: transcluding.has(page.title) });
    }
  }
  return result;
}
