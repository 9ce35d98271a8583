import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../../../src/config/load-config';
import { ConfigError } from '../../../src/core/errors';
import type { Task } from '../../../src/core/task';
import { registeredTasks } from '../../../tasks';
import { configDir, tempFile } from '../../support/local-wiki';

const sampleTask: Task<{ pages: string[]; threshold: number }> = {
  name: 'sample',
  description: 'sample',
  edits: 'nothing',
  defaultSchedule: '0 4 * * *',
  settingsSchema: z.object({ pages: z.array(z.string()).default([]), threshold: z.number().min(0).max(100).default(50) }).strict(),
  plan: async function* () {
    yield { actions: [] };
  },
};

const defaults = path.join(configDir, 'default.yaml');
// default.yaml configures the registered tasks, so they must be known for it to load.
const tasks: readonly Task[] = [...registeredTasks, sampleTask];

function overlay(text: string): string {
  const file = tempFile('overlay.yaml');
  fs.writeFileSync(file, text);
  return file;
}

function errorOf(files: string[]): string {
  try {
    loadConfig(files, tasks);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the shipped default config and fills task defaults', () => {
    const config = loadConfig([defaults], tasks);
    expect(config.tasks.sample).toEqual({ enabled: true, schedule: '0 4 * * *', settings: { pages: [], threshold: 50 } });
    expect(config.safety.throttleSeconds).toBe(10);
  });

  it('merges an overlay over the defaults', () => {
    const file = overlay('safety:\n  throttleSeconds: 0\ntasks:\n  sample:\n    schedule: "30 2 * * 1"\n');
    const config = loadConfig([defaults, file], tasks);
    expect(config.safety.throttleSeconds).toBe(0);
    expect(config.safety.editBudget).toBe(100);
    expect(config.tasks.sample.schedule).toBe('30 2 * * 1');
  });

  it.each([
    ['malformed YAML', 'safety: [unclosed\n', /overlay\.yaml:\d+:\d+: not valid YAML/],
    ['a wrong type', 'safety:\n  throttleSeconds: "fast"\n', /overlay\.yaml:2: safety\.throttleSeconds: .*expected number/],
    ['an unknown task', 'tasks:\n  nosuchtask: {}\n', /overlay\.yaml:2: tasks\.nosuchtask: unknown task "nosuchtask"; expected one of .*sample/],
    ['a bad cron expression', 'tasks:\n  sample:\n    schedule: "61 * * * *"\n', /overlay\.yaml:3: tasks\.sample\.schedule: expected a five-field cron expression/],
    ['a bad task setting', 'tasks:\n  sample:\n    settings:\n      threshold: 300\n', /overlay\.yaml:4: tasks\.sample\.settings\.threshold: .*100/],
    ['an unknown key', 'safety:\n  throttle: 3\n', /overlay\.yaml:2: safety\.throttle: unknown setting; did you mean "throttleSeconds"\?/],
    ['a misspelt top-level key', 'log:\n  level: debug\nsaftey:\n  editBudget: 3\n', /^[^\n]*overlay\.yaml:3: saftey: unknown setting; did you mean "safety"\?$/],
    ['a misspelt key deep down', 'wiki:\n  maxRetires: 3\n', /overlay\.yaml:2: wiki\.maxRetires: unknown setting; did you mean "maxRetries"\?/],
    ['a misspelt task setting', 'tasks:\n  sample:\n    settings:\n      treshold: 3\n', /overlay\.yaml:4: tasks\.sample\.settings\.treshold: unknown setting; did you mean "threshold"\?/],
    ['a misspelt task name', 'tasks:\n  historical-baner: {}\n', /overlay\.yaml:2: tasks\.historical-baner: unknown task "historical-baner"; did you mean "historical-banner"\?/],
    ['an unknown key unlike any', 'wiki:\n  colour: blue\n', /overlay\.yaml:2: wiki\.colour: unknown setting$/],
    ['a user agent without contact details', 'wiki:\n  userAgent: deptbot\n', /overlay\.yaml:2: wiki\.userAgent: expected a User-Agent with contact details/],
    ['a list item of the wrong shape', 'safety:\n  allow:\n    - {}\n', /overlay\.yaml:3: safety\.allow\[0\]: expected a namespace number, a title prefix, or both/],
  ])('names the file, line, path and expectation for %s', (_name, text, pattern) => {
    expect(errorOf([defaults, overlay(text)])).toMatch(pattern);
  });

  it('defaults safety.shutoffRecheckSeconds to 5 and names a bad one with what is expected', () => {
    expect(loadConfig([defaults], tasks).safety.shutoffRecheckSeconds).toBe(5);
    expect(loadConfig([defaults, overlay('safety:\n  shutoffRecheckSeconds: 0\n')], tasks).safety.shutoffRecheckSeconds).toBe(0);
    expect(errorOf([defaults, overlay('safety:\n  shutoffRecheckSeconds: -1\n')])).toMatch(
      /overlay\.yaml:2: safety\.shutoffRecheckSeconds: expected a number of seconds, 0 or more \(0: read before every save\)$/,
    );
    expect(errorOf([defaults, overlay('safety:\n  shutoffRecheckSeconds: soon\n')])).toMatch(/overlay\.yaml:2: safety\.shutoffRecheckSeconds: expected a number of seconds, e\.g\. 5/);
  });

  it('names the setting and the config line that set a file that cannot be read', () => {
    const file = overlay('tasks:\n  office-hours:\n    settings:\n      scheduleFile: config/nope.yaml\n');
    expect(errorOf([defaults, file])).toBe(
      `${file}:4: tasks.office-hours.settings.scheduleFile: config/nope.yaml: cannot be read (ENOENT); a relative path is read from the working directory, ${process.cwd()}`,
    );
  });

  it('names a missing file', () => {
    expect(errorOf([defaults, '/nonexistent/deptbot.yaml'])).toBe('/nonexistent/deptbot.yaml: cannot be read (ENOENT)');
  });
});
