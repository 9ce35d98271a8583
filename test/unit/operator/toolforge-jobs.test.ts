// deploy/toolforge/jobs.yaml against the task registry: it parses, names every registered task
// exactly once with a valid cron schedule, and is what the generator makes of the registry now.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadConfig } from '../../../src/config/load-config';
import { isValidCron } from '../../../src/core/schedule';
import { renderJobsYaml, toolforgeJobName, type ToolforgeJob } from '../../../src/daemon/toolforge-jobs';
import { registeredTasks } from '../../../tasks';
import { configDir, repoRoot } from '../../support/local-wiki';

const jobsFile = path.join(repoRoot, 'deploy', 'toolforge', 'jobs.yaml');
const regenerate = 'regenerate it: npm run build && npx deptbot toolforge-jobs --write deploy/toolforge/jobs.yaml';

describe('deploy/toolforge/jobs.yaml', () => {
  const text = fs.readFileSync(jobsFile, 'utf8');
  const jobs = YAML.parse(text) as ToolforgeJob[];

  it('is a YAML list of jobs', () => {
    expect(Array.isArray(jobs)).toBe(true);
  });

  it('names every registered task exactly once, and nothing else', () => {
    const names = jobs.map((job) => job.name);
    expect(names.slice().sort()).toEqual(registeredTasks.map((task) => toolforgeJobName(task.name)).sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives each job a valid cron schedule and a command that runs its task', () => {
    for (const job of jobs) {
      expect({ job: job.name, valid: isValidCron(job.schedule) }).toEqual({ job: job.name, valid: true });
      expect(job.command).toBe(`./deptbot/deploy/toolforge/run-task.sh ${job.name.replace(/^deptbot-/, '')}`);
    }
  });

  it(`is current with the registry and config/default.yaml (${regenerate})`, () => {
    const config = loadConfig([path.join(configDir, 'default.yaml')], registeredTasks);
    expect(text).toBe(renderJobsYaml(registeredTasks, config));
  });
});
