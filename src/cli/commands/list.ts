// `deptbot list`: the registered tasks, their schedules (UTC) and next run times. Reads only the config.
import { nextRun } from '../../core/schedule';
import type { CliDeps } from '../cli-deps';
import { EXIT_OK } from '../exit-codes';
import { loadCliConfig } from '../session';
import { formatTable } from '../text-table';
import { formatUtc } from '../../status/wikitext-text';

export function listCommand(deps: CliDeps): number {
  const config = loadCliConfig(deps);
  if (!deps.tasks.length) {
    deps.stdout.write('No tasks are registered (tasks/index.ts is empty).\n');
    return EXIT_OK;
  }
  const now = deps.clock();
  const rows = deps.tasks.map((task) => {
    const { enabled, schedule } = config.tasks[task.name];
    return [task.name, schedule, enabled ? formatUtc(nextRun(schedule, now)) : 'disabled', task.description];
  });
  deps.stdout.write(`${formatTable(['TASK', 'SCHEDULE (UTC)', 'NEXT RUN', 'DESCRIPTION'], rows)}\n`);
  return EXIT_OK;
}
