// Which tasks a command acts on: the names given, or --all; unknown names are a usage error.
import { nearestName } from '../config/nearest-name';
import type { Config } from '../config/schema';
import { UsageError } from '../core/errors';
import type { Task } from '../core/task';

export interface TaskSelection {
  tasks: Task[];
  all: boolean;
}

export function selectTasks(registry: readonly Task[], names: readonly string[], all: boolean): TaskSelection {
  if (all && names.length) throw new UsageError('Name tasks or use --all, not both');
  if (!all && !names.length) throw new UsageError('Name at least one task, or use --all (see "deptbot list")');
  if (all) return { tasks: [...registry], all };
  const known = new Map(registry.map((task) => [task.name, task]));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length) {
    const choices = registry.length ? `known tasks: ${[...known.keys()].join(', ')}` : 'no tasks are registered';
    const named = unknown.map((name) => {
      const nearest = nearestName(name, known.keys());
      return `"${name}"${nearest ? ` (did you mean "${nearest}"?)` : ''}`;
    });
    throw new UsageError(`Unknown task ${named.join(', ')}; ${choices}`);
  }
  return { tasks: [...new Set(names)].map((name) => known.get(name) as Task), all };
}

/** --all means the enabled tasks; a task named on the command line is taken as asked. */
export function tasksToRun(selection: TaskSelection, config: Config): Task[] {
  return selection.all ? selection.tasks.filter((task) => config.tasks[task.name]?.enabled !== false) : selection.tasks;
}

/** A line for stdout when there is nothing to do, saying why plainly. */
export function nothingToDo(registry: readonly Task[], verb: string): string {
  return registry.length
    ? `Every registered task is disabled in the configuration: nothing to ${verb}.\n`
    : `No tasks are registered (tasks/index.ts is empty): nothing to ${verb}.\n`;
}
