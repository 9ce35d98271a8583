// What historical-banner keeps in the ledger: the signal it raises when a person removed a banner
// the bot added (talk-reminders asks on the talk page instead of the bot putting it back). Which
// banners the bot added is read from the framework's edits. No tables of its own.
import { z } from 'zod';
import { signalKind, type TaskLedger } from '../../src/ledger/task-ledger';

const revision = z.number().int().min(0);

export const bannerRemovedSignal = signalKind(
  'banner-removed',
  z.object({
    template: z.string().min(1),
    addedInRevision: revision,
    removedInRevision: revision.optional(),
    removedBy: z.string().min(1).optional(),
  }),
);

export const historicalBannerLedger: TaskLedger = { migrations: [], records: [], signals: [bannerRemovedSignal] };
