// Task office-hours: keeps the "Office hours" section of department pages current from the
// schedule (config/office-hours.yaml + the on-wiki JSON page), and reports stale announcements.
import { perPageTask } from '../../src/core/per-page';
import { loadSchedule } from '../shared/office-hour-schedule/schedule';
import { officeHoursLedger } from './ledger';
import { officeHoursSettings, scheduleSourceOf } from './settings';
import { officeHoursTargets, sessionsShown, treatOfficeHoursPage } from './treat-page';

export const officeHoursTask = perPageTask({
  name: 'office-hours',
  description: 'Keeps the office-hour schedule on department pages current and reports stale office-hour announcements.',
  edits:
    'the "Office hours" section of department pages: only inside its managed region, or the whole section body where config says manage: section',
  defaultSchedule: '17 * * * *',
  settingsSchema: officeHoursSettings,
  ledger: officeHoursLedger,
  targets: officeHoursTargets,
  beforeReading: sessionsShown,
  treat: treatOfficeHoursPage,
  /** For `deptbot validate`: the schedule file (throws ConfigError) and every problem with the on-wiki page. */
  async validate(ctx): Promise<string[]> {
    return (await loadSchedule(ctx, scheduleSourceOf(ctx.settings))).notes;
  },
});
