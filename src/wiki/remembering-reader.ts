// A reader for one run that remembers the pages it read, so that preparing the plan does not read
// again what the task read moments before (DESIGN §5: no read twice where once will do). It learns
// pages from readPages and from any query that asks for everything readPages asks for (a task that
// needs more, such as categories or redirects followed, reads with its own query). Safe for real
// runs: a save sends the revision it was computed from (baserevid), so an edit made since is merged
// by MediaWiki or answered with editconflict, and the writer then re-reads the page itself.
// The run has it forget after each part of a plan, so a run holds one part's pages at a time, and
// those the plan said a later part acts on (kept until the run ends). A plan that reads a part ahead
// (a dry run: src/core/per-page.ts) holds two: what was read while a part was in hand may be the
// next part's, so it is let go one part later.
import { asksForPageStates, pageStatesIn, type ApiResponse, type PageState, type WikiReader } from './client';

export interface RememberingReader extends WikiReader {
  /** The part in hand is done: lets go of its pages (reading ahead, those of the part before it) but those in `keeping` and those kept before. */
  forget(keeping?: readonly string[]): void;
}

export interface RememberingOptions {
  /** The plan reads each part while the one before is treated: keep what was read one part longer. */
  readsAhead: boolean;
}

export function rememberingReader(wiki: WikiReader, { readsAhead }: RememberingOptions = { readsAhead: false }): RememberingReader {
  /** The pages of the part in hand (and, reading ahead, of the next), with the part they were read in. */
  const known = new Map<string, { page: PageState; part: number }>();
  /** Pages of earlier parts kept for a later one (the part in hand's own reading comes first). */
  const kept = new Map<string, PageState>();
  let part = 0;
  const remembered = (title: string) => known.get(title)?.page ?? kept.get(title);
  const remember = (title: string, page: PageState) => known.set(title, { page, part });
  const learn = (responses: readonly ApiResponse[]) => {
    for (const page of pageStatesIn(responses)) remember(page.title, page);
  };
  return {
    userName: wiki.userName,
    rights: wiki.rights,
    apiUrl: wiki.apiUrl,
    titlesPerRequest: wiki.titlesPerRequest,
    siteInfo: wiki.siteInfo,
    async query(params) {
      const response = await wiki.query(params);
      if (asksForPageStates(params)) learn([response]);
      return response;
    },
    async *queryAll(params) {
      // Other queries (long lists) pass straight through: nothing to learn, nothing to hold on to.
      if (!asksForPageStates(params)) {
        yield* wiki.queryAll(params);
        return;
      }
      const responses: ApiResponse[] = [];
      for await (const response of wiki.queryAll(params)) {
        responses.push(response);
        yield response;
      }
      // Only once the query is complete: a page's copies may be spread over its continuations.
      learn(responses);
    },
    async readPages(titles) {
      const unread = titles.filter((title) => remembered(title) === undefined);
      for (const [title, page] of unread.length ? await wiki.readPages(unread) : []) {
        remember(title, page);
        // Actions name pages as the wiki normalised them; remember that spelling too.
        if (!known.has(page.title)) remember(page.title, page);
      }
      return new Map(
        titles.flatMap((title): Array<[string, PageState]> => {
          const page = remembered(title);
          return page ? [[title, page]] : [];
        }),
      );
    },
    forget(keeping = []) {
      for (const title of keeping) {
        const page = known.get(title)?.page;
        if (page) kept.set(title, page);
      }
      part += 1;
      const oldestHeld = readsAhead ? part - 1 : part;
      for (const [title, entry] of known) if (entry.part < oldestHeld) known.delete(title);
    },
  };
}
