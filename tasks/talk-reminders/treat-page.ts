// talk-reminders as a per-page task: the reminders due (from signals and the office-hour schedule),
// each aimed at its talk page; a talk page as read (through its redirects) tells whether its reminder
// may go; once all are checked, the caps choose which go out, one new section per reminder.
import type { Conclusion, PageTarget, Targets, Treatment } from '../../src/core/per-page';
import { errorMessage } from '../../src/core/errors';
import type { Action, SkipAction, TaskContext } from '../../src/core/task';
import type { LedgerRecord } from '../../src/ledger/records';
import { readPagesThroughRedirects } from '../../src/wiki/reader';
import { expandOccurrences, loadSchedule, type Session } from '../shared/office-hour-schedule/schedule';
import { applyCaps, frequencyWindowStart } from './apply-caps';
import { checkDelivery, type RefusalCause } from './check-delivery';
import { closingRecords, composeReminder } from './compose-reminder';
import { dedupeKeyOf, reminderFromOccurrence, reminderFromSignal, reminderWindow, type Reminder } from './collect-reminders';
import { SIGNAL_KINDS } from './reminder-kinds';
import { talkPageOf, type TalkPage } from './resolve-talk-page';
import type { TalkRemindersSettings } from './settings';

type Ctx = TaskContext<TalkRemindersSettings>;

/** A due reminder, aimed at its talk page (`title`, before redirects are followed). */
export interface ReminderTarget extends PageTarget {
  reminder: Reminder;
}

interface Collected {
  reminders: Reminder[];
  skips: SkipAction[];
  notes: string[];
}

function signalReminders(ctx: Ctx): Collected {
  const collected: Collected = { reminders: [], skips: [], notes: [] };
  for (const signal of ctx.ledger.openSignals(SIGNAL_KINDS)) {
    const made = reminderFromSignal(signal);
    if ('problem' in made) {
      ctx.log.warn('signal unreadable', { key: signal.key, type: signal.type, problem: made.problem });
      collected.skips.push({ kind: 'skip', title: signal.page, reason: made.problem });
    } else {
      collected.reminders.push(made);
    }
  }
  return collected;
}

/** Office hours that start within `daysBefore` days, from the same schedule office-hours reads. */
async function officeHourReminders(ctx: Ctx): Promise<Collected> {
  const collected: Collected = { reminders: [], skips: [], notes: [] };
  const { officeHours } = ctx.settings;
  if (!officeHours.enabled) return collected;
  let sessions: Session[];
  try {
    sessions = (await loadSchedule(ctx, { scheduleFile: officeHours.scheduleFile, onWikiPage: officeHours.onWikiPage })).sessions;
  } catch (error) {
    // Signal reminders still go out when the schedule cannot be read; the operator learns why from the note.
    ctx.log.warn('office-hours schedule unreadable', { file: officeHours.scheduleFile, error: errorMessage(error) });
    collected.notes.push(`upcoming office hours were not checked: ${errorMessage(error)}`);
    return collected;
  }
  const { from, to } = reminderWindow(ctx.now, officeHours.daysBefore);
  // A cancelled session is not reminded of; a moved one is, at its new time and under its old key.
  for (const occurrence of expandOccurrences(sessions, from, to).filter((o) => !o.cancelled)) {
    const made = reminderFromOccurrence(occurrence, officeHours.daysBefore);
    if ('problem' in made) collected.skips.push({ kind: 'skip', title: occurrence.page, reason: made.problem });
    else collected.reminders.push(made);
  }
  return collected;
}

function noTalkPage(title: string, reminder: Reminder): SkipAction {
  return { kind: 'skip', title, reason: `no talk page to post on for "${reminder.subjectPage}"` };
}

/**
 * The reminders due, each aimed at its talk page (the namespaces from the siteinfo read at connect).
 * One the ledger knows was posted only closes a signal a crash may have left open.
 */
export async function reminderTargets(ctx: Ctx): Promise<Targets<ReminderTarget>> {
  const fromSignals = signalReminders(ctx);
  const fromSchedule = await officeHourReminders(ctx);
  const skips = [...fromSignals.skips, ...fromSchedule.skips];
  const records: LedgerRecord[] = [];
  const targets: ReminderTarget[] = [];
  const due = [...fromSignals.reminders, ...fromSchedule.reminders];
  // One question to the ledger for every reminder due, not one each (a database server answers each in about a millisecond).
  const posted = ctx.ledger.remindersWithKeys(due.map(dedupeKeyOf));
  for (const reminder of due) {
    if (posted.has(dedupeKeyOf(reminder))) {
      records.push(...closingRecords(reminder));
      continue;
    }
    const talkPage = talkPageOf(reminder.subjectPage, ctx.wiki.siteInfo.namespaces);
    if (talkPage === null) skips.push(noTalkPage(reminder.subjectPage, reminder));
    else targets.push({ title: talkPage, reminder });
  }
  return { targets, skips, records, notes: [...fromSignals.notes, ...fromSchedule.notes] };
}

/** A part's talk pages, following redirects, with their membership of the opt-out category (one batched read). */
export function readTalkPages(part: readonly ReminderTarget[], ctx: Ctx): Promise<Map<string, TalkPage>> {
  return readPagesThroughRedirects(ctx.wiki, part.map((t) => t.title), ctx.settings.optOutCategory);
}

interface Candidate {
  reminder: Reminder;
  page: TalkPage;
  talkPage: string;
  dueAt: string;
  key: string;
}

/** What a talk page showed for one reminder: it may go, it is there already, or it may not go (why, for the notes). */
export type Verdict = { kind: 'deliver' | 'posted'; candidate: Candidate } | { kind: 'refused'; talkPage: string; cause?: RefusalCause };

/** Whether one reminder may go to its talk page as read; one refused is skipped here, with the reason. */
export function checkReminder(page: TalkPage | undefined, { title, reminder }: ReminderTarget, ctx: Ctx): Treatment<Verdict> {
  if (!page) return { action: noTalkPage(title, reminder), gathered: { kind: 'refused', talkPage: title } };
  const rules = { botName: ctx.botName, taskName: ctx.taskName, rights: ctx.wiki.rights, optOutCategory: ctx.settings.optOutCategory };
  const delivery = checkDelivery(page, dedupeKeyOf(reminder), rules);
  if (delivery.kind !== 'refused') {
    // deliverReminders may post here once every talk page is checked: the run keeps the page as read until then.
    return {
      gathered: { kind: delivery.kind, candidate: { reminder, page, talkPage: page.title, dueAt: reminder.dueAt, key: reminder.key } },
      keepRead: [page.title],
    };
  }
  return {
    action: { kind: 'skip', title: page.title, reason: `${reminder.label}: ${delivery.reason}` },
    gathered: { kind: 'refused', talkPage: page.title, cause: delivery.cause },
  };
}

function protectedNotes(verdicts: readonly Verdict[]): string[] {
  const protectedPages = new Map<string, number>();
  for (const v of verdicts) if (v.kind === 'refused' && v.cause === 'protected') protectedPages.set(v.talkPage, (protectedPages.get(v.talkPage) ?? 0) + 1);
  return [...protectedPages].map(
    ([title, count]) => `"${title}" is protected: ${count} reminder(s) cannot be posted there until an administrator lifts the protection or posts them`,
  );
}

const candidatesOf = (verdicts: readonly Verdict[], kind: 'deliver' | 'posted') => verdicts.flatMap((v) => (v.kind === kind ? [v.candidate] : []));

/** Once every talk page is checked: the reminders found posted, then those the caps let through; the rest held back, saying why. */
export function deliverReminders(verdicts: Verdict[], ctx: Ctx): Conclusion {
  if (!verdicts.length) return {};
  const { settings, ledger } = ctx;
  // A reminder found on its talk page goes to the writer like any other: it sees the marker, posts
  // nothing, and an applied run records the post and closes its signal. It counts against the
  // page's frequency cap now, as it was posted recently (its exact time is the wiki's).
  const found = candidatesOf(verdicts, 'posted');
  const actions: Action[] = found.map(({ reminder, page }) => composeReminder(reminder, page, settings));
  const foundOn = (talkPage: string) => found.filter((f) => f.talkPage === talkPage).map(() => ctx.now.toISOString());
  const deliverable = candidatesOf(verdicts, 'deliver');
  const caps = { postsPerPage: settings.frequency.posts, days: settings.frequency.days, maxPostsPerRun: settings.maxPostsPerRun };
  // Only the posts within the frequency cap's window count, and the ledger is asked for no others.
  const windowStart = frequencyWindowStart(ctx.now, caps);
  const postedOn = windowStart ? ledger.remindersOnPagesSince(deliverable.map((c) => c.talkPage), windowStart) : new Map<string, never[]>();
  const earlierPosts = (talkPage: string) => [...(postedOn.get(talkPage) ?? []).map((r) => r.postedAt), ...foundOn(talkPage)];
  const capped = applyCaps(deliverable, earlierPosts, ctx.now, caps);
  for (const { reminder, page } of capped.deliver) actions.push(composeReminder(reminder, page, settings));
  for (const { item, reason } of capped.held) actions.push({ kind: 'skip', title: item.talkPage, reason: `${item.reminder.label}: ${reason}` });
  const notes = protectedNotes(verdicts);
  const byFrequency = capped.held.filter((h) => h.cap === 'frequency').length;
  if (capped.held.length) {
    notes.push(
      `${capped.held.length} reminder(s) held back (${byFrequency} by the frequency cap per talk page, ${capped.held.length - byFrequency} by the cap per run); they stay due and go out on a later run`,
    );
  }
  const notDeliverable = verdicts.filter((v) => v.kind === 'refused').length;
  ctx.log.info('reminders planned', { due: verdicts.length, posting: capped.deliver.length, heldBack: capped.held.length, notDeliverable });
  return { actions, notes };
}
