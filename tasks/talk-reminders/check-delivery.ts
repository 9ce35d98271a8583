// Whether a reminder may go to a talk page as read: already there, refused (opted out, excluded,
// protected, broken redirect), or deliverable. The writer checks exclusion and protection again
// when it saves; checking here keeps refused pages from using up the caps of deliverable ones.
import { isBotAllowed } from '../../src/core/exclusion';
import { reminderMarker } from '../../src/core/planned-change';
import type { PageProtection } from '../../src/wiki/client';
import type { TalkPage } from './resolve-talk-page';

export type Delivery =
  | { kind: 'deliver' }
  /** Its marker is on the page: posted earlier (perhaps by a run that crashed before the ledger write). */
  | { kind: 'posted'; reason: string }
  | { kind: 'refused'; cause: RefusalCause; reason: string };

export type RefusalCause = 'invalid-title' | 'broken-redirect' | 'opted-out' | 'excluded' | 'protected';

export interface DeliveryRules {
  botName: string;
  taskName: string;
  rights: ReadonlySet<string>;
  optOutCategory: string;
}

/** The right a protection level asks for (MediaWiki maps the two built-in levels to their own rights). */
function rightFor(level: string): string {
  if (level === 'sysop') return 'editprotected';
  if (level === 'autoconfirmed') return 'editsemiprotected';
  return level;
}

/** Why the bot may not write `page` under its protection, or null. */
export function protectionRefusal(title: string, exists: boolean, protection: readonly PageProtection[], rights: ReadonlySet<string>): string | null {
  const type = exists ? 'edit' : 'create';
  const blocking = protection.find((p) => p.type === type && !rights.has(rightFor(p.level)));
  if (!blocking) return null;
  return `"${title}" is protected (${blocking.type}=${blocking.level}, expires ${blocking.expiry}) and the bot may not edit it`;
}

export function checkDelivery(page: TalkPage, dedupeKey: string, rules: DeliveryRules): Delivery {
  const refused = (cause: RefusalCause, reason: string): Delivery => ({ kind: 'refused', cause, reason });
  if (page.invalidReason) return refused('invalid-title', `"${page.requested}" is not a valid title (${page.invalidReason})`);
  if (page.brokenRedirect) return refused('broken-redirect', page.brokenRedirect);
  if (page.redirectedFrom.length && !page.exists) {
    return refused('broken-redirect', `"${page.requested}" redirects to "${page.title}", which does not exist; fix the redirect or remove it`);
  }
  if (page.text?.includes(reminderMarker(dedupeKey))) {
    return { kind: 'posted', reason: `already posted: its marker is on "${page.title}"` };
  }
  if (page.optedOut) return refused('opted-out', `"${page.title}" is in Category:${rules.optOutCategory}`);
  if (page.exists && page.text !== null) {
    const verdict = isBotAllowed(page.text, rules.botName, rules.taskName);
    if (!verdict.allowed) return refused('excluded', verdict.reason);
  }
  const protectedReason = protectionRefusal(page.title, page.exists, page.protection, rules.rights);
  return protectedReason ? refused('protected', protectedReason) : { kind: 'deliver' };
}
