// The task registry: every task deptbot knows, in one explicit list.
import type { Task } from '../src/core/task';
import { historicalBannerTask } from './historical-banner';
import { officeHoursTask } from './office-hours';

export const registeredTasks: readonly Task[] = [historicalBannerTask, officeHoursTask];
