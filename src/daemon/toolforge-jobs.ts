// deploy/toolforge/jobs.yaml from the registry: one scheduled Toolforge job per registered task,
// each running `deptbot run <task>` through deploy/toolforge/run-task.sh. Generated, never hand-edited.
// The keys are those of `toolforge jobs load` (Help:Toolforge/Jobs framework on Wikitech).
import type { Config } from '../config/schema';
import type { Task } from '../core/task';
import { yamlLibrary } from '../yaml-library';

export interface ToolforgeJob {
  name: string;
  command: string;
  image: string;
  schedule: string;
  emails: 'none' | 'all' | 'onfinish' | 'onfailure';
  /** The tool's home (NFS) in the container: the checkout and its config live there. */
  mount: 'all' | 'none';
  /** No .out/.err files in the home: the JSON log lines go to `toolforge jobs logs`. */
  filelog: boolean;
}

/** Toolforge's Node.js 20 image; `toolforge jobs images` lists what the platform offers. */
export const TOOLFORGE_IMAGE = 'node20';
/** The checkout lives in the tool's home, where Toolforge runs job commands. */
export const TOOLFORGE_RUNNER = './deptbot/deploy/toolforge/run-task.sh';

export function toolforgeJobName(task: string): string {
  return `deptbot-${task}`;
}

/** The schedule is the configured one (config/default.yaml and overlay), which is the task's default unless overridden. */
export function toolforgeJobs(tasks: readonly Task[], config: Config): ToolforgeJob[] {
  return tasks.map((task) => ({
    name: toolforgeJobName(task.name),
    command: `${TOOLFORGE_RUNNER} ${task.name}`,
    image: TOOLFORGE_IMAGE,
    schedule: config.tasks[task.name]?.schedule ?? task.defaultSchedule,
    emails: 'onfailure',
    mount: 'all',
    filelog: false,
  }));
}

export function renderJobsYaml(tasks: readonly Task[], config: Config): string {
  const header = [
    '# Toolforge jobs for deptbot: one scheduled job per registered task (schedules in UTC).',
    '# Generated from the task registry and config: `npx deptbot toolforge-jobs --write deploy/toolforge/jobs.yaml`.',
    '# Load on Toolforge with: toolforge jobs load deptbot/deploy/toolforge/jobs.yaml (README: Toolforge).',
  ].join('\n');
  const jobs = toolforgeJobs(tasks, config);
  const body = jobs.length ? yamlLibrary().stringify(jobs) : '[]\n';
  return `${header}\n${body}`;
}
