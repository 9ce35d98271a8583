// The task registry: every task deptbot knows, in one explicit list.
import type { Task } from '../src/core/task';
import { historicalBannerTask } from './historical-banner';
import { officeHoursTask } from './office-hours';
import { talkRemindersTask } from './talk-reminders';
import { translationStatusTask } from './translation-status';

export const registeredTasks: readonly Task[] = [historicalBannerTask, officeHoursTask, translationStatusTask, talkRemindersTask];
