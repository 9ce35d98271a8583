// talk-reminders' plan: the reminders due (from signals and the office-hour schedule), their talk
// pages, the caps, and one new section per reminder.
import { errorMessage } from '../../src/core/errors';
import type { Action, TaskContext, TaskPlan } from '../../src/core/task';
import { normaliseTitle } from '../../src/core/title';
import type { LedgerRecord } from '../../src/ledger/records';
import { readPagesThroughRedirects } from '../../src/wiki/reader';
import { expandOccurrences, loadSchedule, type Session } from '../shared/office-hour-schedule/schedule';
import { applyCaps } from './apply-caps';
import { checkDelivery } from './check-delivery';
import { closingRecords, composeReminder } from './compose-reminder';
import { dedupeKeyOf, reminderFromOccurrence, reminderFromSignal, reminderWindow, type Reminder } from './collect-reminders';
import { SIGNAL_KINDS } from './reminder-kinds';
import { talkPageOf, type TalkPage } from './resolve-talk-page';
import type { TalkRemindersSettings } from './settings';

type Ctx = TaskContext<TalkRemindersSettings>;

interface Collected {
  reminders: Reminder[];
  actions: Action[];
  notes: string[];
}

function signalReminders(ctx: Ctx): Collected {
  const collected: Collected = { reminders: [], actions: [], notes: [] };
  for (const signal of ctx.ledger.openSignals(SIGNAL_KINDS)) {
    const made = reminderFromSignal(signal);
    if ('problem' in made) {
      ctx.log.warn('signal unreadable', { key: signal.key, type: signal.type, problem: made.problem });
      collected.actions.push({ kind: 'skip', title: signal.page, reason: made.problem });
    } else {
      collected.reminders.push(made);
    }
  }
  return collected;
}

/** Office hours that start within `daysBefore` days, from the same schedule office-hours reads. */
async function officeHourReminders(ctx: Ctx): Promise<Collected> {
  const collected: Collected = { reminders: [], actions: [], notes: [] };
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
    if ('problem' in made) collected.actions.push({ kind: 'skip', title: occurrence.page, reason: made.problem });
    else collected.reminders.push(made);
  }
  return collected;
}

interface Candidate {
  reminder: Reminder;
  page: TalkPage;
  talkPage: string;
  dueAt: string;
  key: string;
}

interface Checked {
  candidates: Candidate[];
  /** Already on the talk page (a run may have crashed after posting, before the ledger write). */
  found: Candidate[];
  actions: Action[];
  notes: string[];
}

/** Finds each reminder's talk page (one batched read) and sorts out the ones that cannot or need not go. */
async function checkTalkPages(ctx: Ctx, due: readonly Reminder[]): Promise<Checked> {
  const { settings, wiki } = ctx;
  const checked: Checked = { candidates: [], found: [], actions: [], notes: [] };
  const talkTitles = new Map(due.map((r) => [r, talkPageOf(r.subjectPage, wiki.siteInfo.namespaces)]));
  const pages = await readPagesThroughRedirects(wiki, [...talkTitles.values()].filter((t): t is string => t !== null), settings.optOutCategory);
  const rules = { botName: ctx.botName, taskName: ctx.taskName, rights: wiki.rights, optOutCategory: settings.optOutCategory };
  const protectedPages = new Map<string, number>();
  for (const reminder of due) {
    const talkTitle = talkTitles.get(reminder) ?? null;
    const page = talkTitle === null ? undefined : pages.get(talkTitle);
    if (!page) {
      checked.actions.push({ kind: 'skip', title: talkTitle ?? reminder.subjectPage, reason: `no talk page to post on for "${reminder.subjectPage}"` });
      continue;
    }
    const delivery = checkDelivery(page, dedupeKeyOf(reminder), rules);
    const candidate = { reminder, page, talkPage: page.title, dueAt: reminder.dueAt, key: reminder.key };
    if (delivery.kind === 'deliver') {
      checked.candidates.push(candidate);
      continue;
    }
    if (delivery.kind === 'posted') {
      checked.found.push(candidate);
      continue;
    }
    checked.actions.push({ kind: 'skip', title: page.title, reason: `${reminder.label}: ${delivery.reason}` });
    if (delivery.cause === 'protected') protectedPages.set(page.title, (protectedPages.get(page.title) ?? 0) + 1);
  }
  for (const [title, count] of protectedPages) {
    checked.notes.push(`"${title}" is protected: ${count} reminder(s) cannot be posted there until an administrator lifts the protection or posts them`);
  }
  return checked;
}

export async function planTalkReminders(ctx: Ctx): Promise<TaskPlan> {
  const { settings, ledger } = ctx;
  const fromSignals = signalReminders(ctx);
  const fromSchedule = await officeHourReminders(ctx);
  const actions: Action[] = [...fromSignals.actions, ...fromSchedule.actions];
  const notes: string[] = [...fromSignals.notes, ...fromSchedule.notes];
  const records: LedgerRecord[] = [];

  const due: Reminder[] = [];
  for (const reminder of [...fromSignals.reminders, ...fromSchedule.reminders]) {
    // The ledger knows it was posted: nothing to do but close a signal a crash may have left open.
    if (ledger.reminder(dedupeKeyOf(reminder))) records.push(...closingRecords(reminder));
    else due.push(reminder);
  }
  if (!due.length) return { actions, records, notes };

  const checked = await checkTalkPages(ctx, due);
  actions.push(...checked.actions);
  notes.push(...checked.notes);
  // A reminder found on its talk page goes to the writer like any other: it sees the marker, posts
  // nothing, and an applied run records the post and closes its signal. It counts against the
  // page's frequency cap now, as it was posted recently (its exact time is the wiki's).
  for (const { reminder, page } of checked.found) actions.push(composeReminder(reminder, page, settings));
  const foundOn = (talkPage: string) => checked.found.filter((f) => f.talkPage === talkPage).map(() => ctx.now.toISOString());
  // --page limits the run to one talk page: the caps must not be spent on reminders it will drop.
  const only = ctx.onlyPage === undefined ? null : normaliseTitle(ctx.onlyPage);
  const wanted = only === null ? checked.candidates : checked.candidates.filter((c) => normaliseTitle(c.talkPage) === only);
  const capped = applyCaps(wanted, (talkPage) => [...ledger.remindersOn(talkPage).map((r) => r.postedAt), ...foundOn(talkPage)], ctx.now, {
    postsPerPage: settings.frequency.posts,
    days: settings.frequency.days,
    maxPostsPerRun: settings.maxPostsPerRun,
  });
  for (const { reminder, page } of capped.deliver) actions.push(composeReminder(reminder, page, settings));
  for (const { item, reason } of capped.held) actions.push({ kind: 'skip', title: item.talkPage, reason: `${item.reminder.label}: ${reason}` });
  const byFrequency = capped.held.filter((h) => h.cap === 'frequency').length;
  if (capped.held.length) {
    notes.push(
      `${capped.held.length} reminder(s) held back (${byFrequency} by the frequency cap per talk page, ${capped.held.length - byFrequency} by the cap per run); they stay due and go out on a later run`,
    );
  }
  ctx.log.info('reminders planned', { due: due.length, posting: capped.deliver.length, heldBack: capped.held.length, notDeliverable: checked.actions.length });
  return { actions, records, notes };
}
