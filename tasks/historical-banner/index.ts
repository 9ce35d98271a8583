// historical-banner: keeps {{Historical}} on the pages of retired departments (DESIGN §2.2).
// Plans only; tasks/historical-banner/README.md explains the decisions.
import { perPageTask } from '../../src/core/per-page';
import { historicalBannerLedger } from './ledger';
import { historicalBannerSettings } from './settings';
import { bannerTargets, logDepartments, readDepartmentPages, treatDepartmentPage } from './treat-page';

export const historicalBannerTask = perPageTask({
  name: 'historical-banner',
  description: 'Keeps the historical notice ({{Historical}}) on the pages of retired departments and their subpages.',
  edits:
    'the pages of departments the settings list as retired, and their subpages: adds the banner at the top (after <languages/>), never on translation pages, never twice, and never again after a person removed it',
  defaultSchedule: '30 4 * * *',
  settingsSchema: historicalBannerSettings,
  ledger: historicalBannerLedger,
  targets: bannerTargets,
  read: readDepartmentPages,
  treat: treatDepartmentPage,
  afterAll: logDepartments,
});
