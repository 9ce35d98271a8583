// office-hours as a per-page task: the pages it covers (the configured ones, then any page a session
// names), the sessions each page shows (worked out while the pages are read), and one page's edit
// and stale-announcement signals.
import type { PageTarget, Targets, Treatment } from '../../src/core/per-page';
import type { TaskContext } from '../../src/core/task';
import type { LedgerRecord } from '../../src/ledger/records';
import { produceSignal } from '../../src/ledger/task-ledger';
import { normaliseTitle } from '../../src/core/title';
import type { PageState } from '../../src/wiki/client';
import { findStaleAnnouncements } from './find-stale-announcements';
import { staleOfficeHoursSignal } from './ledger';
import { isTranslatable } from './translation-units';
import { pageSessions, type PageSessions } from './next-sessions';
import { formatUtc } from '../shared/office-hour-schedule/session-times';
import { loadSchedule } from '../shared/office-hour-schedule/schedule';
import type { Session } from '../shared/office-hour-schedule/session';
import { scheduleSourceOf, type OfficeHoursSettings } from './settings';
import { REGION, updateOfficeHours, type PageLayout } from './update-office-hours';

type Ctx = TaskContext<OfficeHoursSettings>;

export interface OfficeHoursTarget extends PageTarget {
  layout: PageLayout;
  /** Every session of the schedule for this page. */
  sessions: readonly Session[];
}

function summaryOf(sessions: PageSessions): string {
  const next = sessions.upcoming.find((o) => !o.cancelled);
  const past = sessions.past.length ? `; ${sessions.past.length} past session(s) listed` : '';
  return next ? `Office hours: next session ${formatUtc(next.start)}${past}` : `Office hours: no upcoming session${past}`;
}

/** Each page's sessions, found once: filtering the whole schedule for every page grew as pages × sessions (160 s at 10,000 pages). */
function sessionsByPage(sessions: readonly Session[]): Map<string, Session[]> {
  const byPage = new Map<string, Session[]>();
  for (const session of sessions) {
    const key = normaliseTitle(session.page);
    const list = byPage.get(key);
    if (list) list.push(session);
    else byPage.set(key, [session]);
  }
  return byPage;
}

/**
 * The configured pages, then any other page a session names (staff can start a page from the JSON
 * page). The schedule is loaded once; its own records and notes come with the first part.
 */
export async function officeHoursTargets(ctx: Ctx): Promise<Targets<OfficeHoursTarget>> {
  const { settings } = ctx;
  const schedule = await loadSchedule(ctx, scheduleSourceOf(settings));
  const byPage = sessionsByPage(schedule.sessions);
  const targets = new Map<string, OfficeHoursTarget>();
  const add = (title: string, manage: PageLayout['manage']) => {
    const key = normaliseTitle(title);
    if (!targets.has(key)) targets.set(key, { title, layout: { manage, sectionTitles: settings.sectionTitles }, sessions: byPage.get(key) ?? [] });
  };
  for (const page of settings.pages) add(page.title, page.manage);
  for (const session of schedule.sessions) add(session.page, 'region');
  return { targets: [...targets.values()], records: schedule.records, notes: schedule.notes };
}

/** The sessions a page shows: needs no page text, so it is worked out while the pages are read. */
export function sessionsShown(target: OfficeHoursTarget, ctx: Ctx): PageSessions {
  const { settings } = ctx;
  return pageSessions(target.sessions, target.title, ctx.now, { upcoming: settings.upcomingShown, horizonDays: settings.horizonDays, past: settings.pastShown });
}

/** One page: its stale announcements (notes and signals) and the edit of its office-hours section. */
export function treatOfficeHoursPage(page: PageState | undefined, target: OfficeHoursTarget, ctx: Ctx, sessions: PageSessions): Treatment {
  const title = page?.title ?? target.title;
  const treatment: { notes: string[]; records: LedgerRecord[] } = { notes: [], records: [] };
  for (const stale of page?.exists && page.text ? findStaleAnnouncements(page.text, ctx.now, ctx.settings.sectionTitles) : []) {
    ctx.log.info('stale office-hours announcement found', { page: title, date: stale.date, section: stale.section });
    treatment.notes.push(`${title}: the ${stale.section} section still announces ${stale.dateText} ("${stale.sentence}")`);
    treatment.records.push({
      kind: 'signal',
      signal: produceSignal(staleOfficeHoursSignal, {
        page: title,
        key: `stale-office-hours:${title}:${stale.date}`,
        data: { sentence: stale.sentence, date: stale.date, section: stale.section, dateText: stale.dateText },
      }),
    });
  }
  return {
    ...treatment,
    action: {
      kind: 'edit',
      title: target.title,
      summary: summaryOf(sessions),
      // With manage: section the whole section body is the bot's, which a region check cannot express.
      ...(target.layout.manage === 'region' ? { regions: [REGION] } : {}),
      transform: (text) => updateOfficeHours(text, sessions, target.layout),
      // Translation pages show the sessions only once the source is marked again (the writer does it, or says why not).
      ...(page?.text && isTranslatable(page.text) ? { markForTranslation: true } : {}),
    },
  };
}
