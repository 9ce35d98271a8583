// `deptbot toolforge-jobs [--write FILE]`: prints (or writes) deploy/toolforge/jobs.yaml for the registry.
import fs from 'node:fs';
import path from 'node:path';
import { renderJobsYaml } from '../../daemon/toolforge-jobs';
import type { CliDeps } from '../cli-deps';
import { EXIT_OK } from '../exit-codes';
import { loadCliConfig } from '../session';

export function toolforgeJobsCommand(deps: CliDeps, options: { write?: string }): number {
  const yaml = renderJobsYaml(deps.tasks, loadCliConfig(deps));
  if (!options.write) {
    deps.stdout.write(yaml);
    return EXIT_OK;
  }
  const file = path.resolve(options.write);
  fs.writeFileSync(file, yaml);
  deps.stdout.write(`Wrote ${deps.tasks.length} job(s) to ${file}\n`);
  return EXIT_OK;
}
