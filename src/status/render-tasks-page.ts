// The body of the Tasks page (User:DeptBot/Tasks), generated from the task registry and the config:
// one section per task, headed by its name, which is the anchor every edit summary links.
import type { Config } from '../config/schema';
import { shutoffPages } from '../core/shutoff';
import type { Task } from '../core/task';
import { yamlLibrary } from '../yaml-library';
import { escapePre, escapeWikitext } from './wikitext-text';

/** The pseudo-task under which the bot keeps its own Status and Tasks pages (summaries link its section). */
export const STATUS_TASK = 'status';

function settingsBlock(settings: unknown): string[] {
  const empty = settings === undefined || (typeof settings === 'object' && settings !== null && !Object.keys(settings).length);
  if (empty) return ["* '''Settings:''' none."];
  return ["* '''Settings''' (from the configuration):", '<pre>', escapePre(yamlLibrary().stringify(settings, { lineWidth: 0 }).trimEnd()), '</pre>'];
}

function taskSection(task: Task, config: Config): string[] {
  const taskConfig = config.tasks[task.name];
  const schedule = taskConfig?.schedule ?? task.defaultSchedule;
  const enabled = taskConfig?.enabled ?? true;
  const scheduleLine = enabled
    ? `* '''Schedule:''' <code>${escapeWikitext(schedule)}</code> (cron, UTC)` +
      (schedule !== task.defaultSchedule ? `; the task's default is <code>${escapeWikitext(task.defaultSchedule)}</code>` : '')
    : "* '''Schedule:''' disabled in the configuration.";
  const [, taskShutoff] = shutoffPages(config.safety.shutoffPage, task.name);
  return [
    `== ${task.name} ==`,
    escapeWikitext(task.description),
    '',
    scheduleLine,
    `* '''Edits:''' ${escapeWikitext(task.edits)}`,
    `* '''Stop it:''' write anything but <code>active</code> on [[${taskShutoff}]] (or on [[${config.safety.shutoffPage}]] to stop every task).`,
    ...settingsBlock(taskConfig?.settings),
  ];
}

export function renderTasksBody(tasks: readonly Task[], config: Config): string {
  const lines = [
    "What each of the bot's tasks does, generated from its task registry and configuration.",
    'Every edit summary links the section of the task that made the edit.',
    'A page opts out of every task with <code><nowiki>{{nobots}}</nowiki></code> or <code><nowiki>{{bots|deny=…}}</nowiki></code>, and out of one task with <code><nowiki>{{bots|denyscript=<task>}}</nowiki></code>.',
  ];
  if (!tasks.length) lines.push('', "''No tasks are registered.''");
  for (const task of tasks) lines.push('', ...taskSection(task, config));
  lines.push(
    '',
    `== ${STATUS_TASK} ==`,
    `After each run that may write, the bot updates [[${config.bot.statusPage}]] (last run, result, edits, skipped pages and errors per task) and this page, each only when its content would change.`,
  );
  return lines.join('\n');
}
