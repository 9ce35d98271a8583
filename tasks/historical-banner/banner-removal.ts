// Humans win: when a banner the bot added is gone, find who removed it and raise a signal for the
// talk-reminders task instead of putting the banner back.
import type { EditRow, LedgerRecord } from '../../src/ledger/records';
import { produceSignal } from '../../src/ledger/task-ledger';
import type { WikiReader } from '../../src/wiki/client';
import { readRevisionsFrom, type Revision } from '../../src/wiki/reader';
import { findBanners } from './ensure-banner';
import { bannerRemovedSignal } from './ledger';

export interface Removal {
  revId: number;
  user: string | null;
}

/** How far the page history is read to name the remover: one request's worth of revisions with content. */
const REVISIONS_READ = 50;

/** The bot's latest saved banner edit on a page, from the ledger (edits are kept oldest first). */
export function lastBannerEdit(edits: readonly EditRow[]): EditRow | null {
  const saved = edits.filter((edit) => edit.kind !== 'new-section' && edit.newRevId !== null);
  return saved.length ? saved[saved.length - 1] : null;
}

/** The first revision after the bot's that no longer carries the banner (revisions oldest first). */
export function findRemoval(revisions: readonly Revision[], names: ReadonlySet<string>): Removal | null {
  const removing = revisions.find((revision) => revision.text !== null && findBanners(revision.text, names).length === 0);
  return removing ? { revId: removing.revId, user: removing.user } : null;
}

export function bannerRemovedRecord(page: string, template: string, addedInRevision: number, removal: Removal | null): LedgerRecord {
  return {
    kind: 'signal',
    signal: produceSignal(bannerRemovedSignal, {
      page,
      key: `banner-removed:${page}:${addedInRevision}`,
      data: {
        template,
        addedInRevision,
        ...(removal ? { removedInRevision: removal.revId } : {}),
        ...(removal?.user ? { removedBy: removal.user } : {}),
      },
    }),
  };
}

/** The revisions made after `sinceRevId` (oldest first, with content); empty when the history cannot be read. */
export async function readRevisionsAfter(wiki: WikiReader, title: string, sinceRevId: number): Promise<Revision[]> {
  const revisions = await readRevisionsFrom(wiki, title, sinceRevId, REVISIONS_READ);
  return revisions.filter((revision) => revision.revId !== sinceRevId);
}
