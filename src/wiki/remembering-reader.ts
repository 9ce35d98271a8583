// A reader for one run that remembers the pages it read, so that preparing the plan does not read
// again what the task read moments before (DESIGN §5: no read twice where once will do). Safe for
// real runs: a save sends the revision it was computed from (baserevid), so an edit made since is
// merged by MediaWiki or answered with editconflict, and the writer then re-reads the page itself.
import type { PageState, WikiReader } from './client';

export function rememberingReader(wiki: WikiReader): WikiReader {
  const known = new Map<string, PageState>();
  return {
    userName: wiki.userName,
    rights: wiki.rights,
    apiUrl: wiki.apiUrl,
    titlesPerRequest: wiki.titlesPerRequest,
    query: (params) => wiki.query(params),
    queryAll: (params) => wiki.queryAll(params),
    async readPages(titles) {
      const unread = titles.filter((title) => !known.has(title));
      for (const [title, page] of unread.length ? await wiki.readPages(unread) : []) {
        known.set(title, page);
        // Actions name pages as the wiki normalised them; remember that spelling too.
        if (!known.has(page.title)) known.set(page.title, page);
      }
      return new Map(titles.flatMap((title): Array<[string, PageState]> => (known.has(title) ? [[title, known.get(title) as PageState]] : [])));
    },
  };
}
