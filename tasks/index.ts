// The task registry: every task deptbot knows, in one explicit list.
import { taskLedgersOf, type Task } from '../src/core/task';
import type { NamedTaskLedger } from '../src/ledger/task-ledger';
import { historicalBannerTask } from './historical-banner';
import { officeHoursTask } from './office-hours';
import { talkRemindersTask } from './talk-reminders';
import { translationStatusTask } from './translation-status';

export const registeredTasks: readonly Task[] = [historicalBannerTask, officeHoursTask, translationStatusTask, talkRemindersTask];

/** Each registered task's ledger declarations, under its name: the ledger migrates and writes by these. */
export const registeredTaskLedgers: readonly NamedTaskLedger[] = taskLedgersOf(registeredTasks);
