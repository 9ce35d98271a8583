// From a subject page to the talk page a reminder goes to: the talk namespace from the wiki's own
// namespace table, then one batched query that follows redirects and reads what delivery depends on
// (text, opt-out category, protection, page language).
import { batchesOf } from '../../src/core/batches';
import { PAGE_STATE_PARAMS, type PageProtection, type WikiReader } from '../../src/wiki/client';

export interface Namespace {
  id: number;
  /** The local name (`Talk`, `User talk`); empty for the main namespace. */
  name: string;
  canonical?: string;
  aliases: string[];
}

/** What the bot needs to know about a talk page before it posts there. */
export interface TalkPage {
  /** The title asked for. */
  requested: string;
  /** The page that would be written: the end of the redirect chain, as the wiki spells it. */
  title: string;
  /** The redirects followed, in order (empty when there were none). */
  redirectedFrom: string[];
  exists: boolean;
  invalidReason?: string;
  /** Set when a redirect leads nowhere (a loop, or a target the wiki did not return). */
  brokenRedirect?: string;
  text: string | null;
  /** In the opt-out category. */
  optedOut: boolean;
  protection: PageProtection[];
  /** `pagelanguage` of the page the message goes to. */
  language: string | null;
}

function spaced(name: string): string {
  return name.replace(/_/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The talk page of `title`: `Talk:X` for `X`, `User talk:Y` for `User:Y`; a talk page is its own.
 * Null for namespaces without talk pages (Special, Media).
 */
export function talkPageOf(title: string, namespaces: readonly Namespace[]): string | null {
  const colon = title.indexOf(':');
  const prefix = colon > 0 ? spaced(title.slice(0, colon)) : '';
  const namespace = prefix
    ? namespaces.find((ns) => ns.id !== 0 && [ns.name, ns.canonical ?? '', ...ns.aliases].some((name) => name && spaced(name) === prefix))
    : undefined;
  const id = namespace?.id ?? 0;
  const rest = namespace ? title.slice(colon + 1).trim() : title.trim();
  if (id < 0) return null;
  if (id % 2 === 1) return title.trim();
  const talk = namespaces.find((ns) => ns.id === id + 1);
  return talk ? `${talk.name}:${rest}` : null;
}

/** The namespace table from `meta=siteinfo` (formatversion 2). */
export function parseNamespaces(response: Record<string, any>): Namespace[] {
  const aliases = new Map<number, string[]>();
  for (const alias of response.query?.namespacealiases ?? []) {
    aliases.set(alias.id, [...(aliases.get(alias.id) ?? []), String(alias.alias)]);
  }
  return Object.values<Record<string, any>>(response.query?.namespaces ?? {}).map((ns) => ({
    id: Number(ns.id),
    name: String(ns.name ?? ''),
    ...(ns.canonical !== undefined ? { canonical: String(ns.canonical) } : {}),
    aliases: aliases.get(Number(ns.id)) ?? [],
  }));
}

export async function readNamespaces(wiki: WikiReader): Promise<Namespace[]> {
  return parseNamespaces(await wiki.query({ meta: 'siteinfo', siprop: 'namespaces|namespacealiases' }));
}

/**
 * Builds one TalkPage per requested title from the responses of a `redirects` query (a continued
 * query repeats pages: categories are merged, the first copy with text is kept).
 */
export function parseTalkPages(requested: readonly string[], responses: readonly Record<string, any>[], category: string): Map<string, TalkPage> {
  const renamed = new Map<string, string>();
  const redirects = new Map<string, string>();
  const pages = new Map<string, Record<string, any>>();
  const optedOut = new Set<string>();
  const categoryTitle = spaced(category.replace(/^category:/i, ''));
  for (const response of responses) {
    const query = response.query ?? {};
    for (const n of [...(query.normalized ?? []), ...(query.converted ?? [])]) renamed.set(n.from, n.to);
    for (const r of query.redirects ?? []) redirects.set(r.from, r.to);
    for (const page of query.pages ?? []) {
      const seen = pages.get(page.title);
      if (!seen || (!seen.revisions && page.revisions)) pages.set(page.title, page);
      // The category's namespace prefix is local (Kategorie:, Catégorie:): compare the name after it.
      if ((page.categories ?? []).some((c: { title: string }) => spaced(c.title.slice(c.title.indexOf(':') + 1)) === categoryTitle)) {
        optedOut.add(page.title);
      }
    }
  }
  const result = new Map<string, TalkPage>();
  for (const title of requested) {
    let current = renamed.get(title) ?? title;
    const chain: string[] = [];
    while (redirects.has(current) && !chain.includes(current)) {
      chain.push(current);
      current = redirects.get(current) as string;
    }
    const page = pages.get(current);
    const revision = page?.revisions?.[0];
    const loop = chain.includes(current) || (page?.redirect === true && chain.length > 0);
    result.set(title, {
      requested: title,
      title: page?.title ?? current,
      redirectedFrom: chain,
      exists: page !== undefined && !page.missing && !page.invalid,
      ...(page?.invalid ? { invalidReason: String(page.invalidreason ?? 'invalid title') } : {}),
      ...(loop ? { brokenRedirect: `the redirects from "${title}" go round in a loop` } : {}),
      ...(!page ? { brokenRedirect: `the wiki did not return "${current}"` } : {}),
      text: revision?.slots?.main?.content ?? null,
      optedOut: page !== undefined && optedOut.has(page.title),
      protection: (page?.protection ?? []).map((p: PageProtection) => ({ type: p.type, level: p.level, expiry: p.expiry })),
      language: page?.pagelanguage ?? null,
    });
  }
  return result;
}

/** Reads the talk pages in batches, following redirects. */
export async function readTalkPages(wiki: WikiReader, titles: readonly string[], category: string): Promise<Map<string, TalkPage>> {
  const result = new Map<string, TalkPage>();
  for (const batch of batchesOf([...new Set(titles)], wiki.titlesPerRequest)) {
    const responses: Record<string, any>[] = [];
    for await (const response of wiki.queryAll({
      // All a PageState holds as well: the run's reader remembers these pages, so the writer
      // prepares the posts from this read instead of reading the talk pages again.
      ...PAGE_STATE_PARAMS,
      prop: `${PAGE_STATE_PARAMS.prop}|categories`,
      titles: batch,
      redirects: true,
      clcategories: `Category:${category}`,
      cllimit: 'max',
    })) {
      responses.push(response);
    }
    for (const [title, page] of parseTalkPages(batch, responses, category)) result.set(title, page);
  }
  return result;
}
