// The task registry: every task deptbot knows, in one explicit list.
import type { Task } from '../src/core/task';

export const registeredTasks: readonly Task[] = [];
