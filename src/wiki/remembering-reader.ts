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

/** The pages a run holds: those of the part in hand (reading ahead, of the next too), and those kept for a later part. */
class PartMemory {
  /** Each with the part it was read in. */
  private readonly known = new Map<string, { page: PageState; part: number }>();
  /** Pages of earlier parts kept for a later one (the part in hand's own reading comes first). */
  private readonly kept = new Map<string, PageState>();
  private part = 0;

  constructor(private readonly readsAhead: boolean) {}

  page(title: string): PageState | undefined {
    return this.known.get(title)?.page ?? this.kept.get(title);
  }

  remember(title: string, page: PageState): void {
    this.known.set(title, { page, part: this.part });
  }

  /** Actions name pages as the wiki normalised them: a page read under another title is remembered under both. */
  rememberAs(title: string, page: PageState): void {
    this.remember(title, page);
    if (!this.known.has(page.title)) this.remember(page.title, page);
  }

  learn(responses: readonly ApiResponse[]): void {
    for (const page of pageStatesIn(responses)) this.remember(page.title, page);
  }

  endPart(keeping: readonly string[]): void {
    for (const title of keeping) {
      const page = this.known.get(title)?.page;
      if (page) this.kept.set(title, page);
    }
    this.part += 1;
    const oldestHeld = this.readsAhead ? this.part - 1 : this.part;
    for (const [title, entry] of this.known) if (entry.part < oldestHeld) this.known.delete(title);
  }
}

export function rememberingReader(wiki: WikiReader, { readsAhead }: RememberingOptions = { readsAhead: false }): RememberingReader {
  const memory = new PartMemory(readsAhead);
  return {
    userName: wiki.userName,
    rights: wiki.rights,
    apiUrl: wiki.apiUrl,
    titlesPerRequest: wiki.titlesPerRequest,
    siteInfo: wiki.siteInfo,
    async query(params) {
      const response = await wiki.query(params);
      if (asksForPageStates(params)) memory.learn([response]);
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
      memory.learn(responses);
    },
    async readPages(titles) {
      const unread = titles.filter((title) => memory.page(title) === undefined);
      for (const [title, page] of unread.length ? await wiki.readPages(unread) : []) memory.rememberAs(title, page);
      return new Map(
        titles.flatMap((title): Array<[string, PageState]> => {
          const page = memory.page(title);
          return page ? [[title, page]] : [];
        }),
      );
    },
    forget: (keeping = []) => memory.endPart(keeping),
  };
}
