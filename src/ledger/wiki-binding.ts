// A ledger describes one wiki: its runs, edits, reminders and signals name that wiki's pages and
// revisions. Read against another wiki, or against the same wiki rebuilt or reset since (its
// revision ids reused), it would be silently misread: the bot took its own vanished banners for
// "removed by a person". So a command that connects to a wiki first checks the ledger is that wiki's.
import { ConfigError } from '../core/errors';
import { sameTitle } from '../core/title';
import type { WikiReader } from '../wiki/client';
import type { Ledger, WikiIdentity } from './ledger';

/** How many of the ledger's latest edits are looked for on the wiki: one found is enough. */
const EDITS_CHECKED = 3;

export class LedgerOfAnotherWikiError extends ConfigError {}

/** True when at least one of the ledger's latest saved revisions is on the wiki, on the page the ledger says. */
async function wikiHasLatestEdits(ledger: Ledger, wiki: WikiReader): Promise<{ found: boolean; latest?: string }> {
  const edits = ledger.recentEdits(EDITS_CHECKED).filter((edit) => edit.newRevId !== null);
  if (!edits.length) return { found: true };
  const response = await wiki.query({ prop: 'revisions', revids: edits.map((edit) => edit.newRevId).join('|'), rvprop: 'ids' });
  const onWiki = new Map<number, string>();
  for (const page of response.query?.pages ?? []) {
    for (const revision of page.revisions ?? []) onWiki.set(revision.revid, page.title);
  }
  const found = edits.some((edit) => {
    const title = onWiki.get(edit.newRevId as number);
    return title !== undefined && sameTitle(title, edit.page);
  });
  return { found, latest: `revision ${edits[0].newRevId} of "${edits[0].page}", saved ${edits[0].madeAt}` };
}

/**
 * Records the wiki's identity in a ledger that has none; stops (exit 2) when the ledger describes
 * another wiki (another API URL or wiki id), or this wiki no longer has the ledger's latest edits.
 */
export async function bindLedgerToWiki(ledger: Ledger, ledgerPath: string, wiki: WikiReader & { readonly wikiId: string }, now: Date): Promise<void> {
  const current = { apiUrl: wiki.apiUrl, wikiId: wiki.wikiId };
  const recorded: WikiIdentity | undefined = ledger.wikiIdentity();
  const moveAway = `use another ${ledger.backend.setting} for this wiki, or move ${ledgerPath} away to start a new ledger`;
  if (recorded && (recorded.apiUrl !== current.apiUrl || recorded.wikiId !== current.wikiId)) {
    throw new LedgerOfAnotherWikiError(
      `The ledger ${ledgerPath} describes the wiki "${recorded.wikiId}" at ${recorded.apiUrl}, not "${current.wikiId}" at ${current.apiUrl}; ${moveAway}`,
    );
  }
  const edits = await wikiHasLatestEdits(ledger, wiki);
  if (!edits.found) {
    throw new LedgerOfAnotherWikiError(
      `The ledger ${ledgerPath} does not describe the wiki at ${current.apiUrl} as it is now: its latest edits (${edits.latest}) are not there, ` +
        `so the wiki was rebuilt or reset since; ${moveAway}`,
    );
  }
  if (!recorded) ledger.recordWikiIdentity(current, now);
}
