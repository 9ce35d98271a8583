// One test over the registry: every task folder has the same shape, its settings defaults agree with
// config/default.yaml, and the folders under tasks/ are exactly the registered tasks (plus the
// modules they share). The fixture task shows what adding a task takes: its folder and one line.
import fs from 'node:fs';
import path from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { registeredTasks } from '../../../tasks';
import { fixtureTasks } from '../../fixtures/tasks';
import { taskFolderProblems } from '../../support/task-conformance';

const root = path.resolve(__dirname, '../../..');
const defaults = loadYaml(fs.readFileSync(path.join(root, 'config/default.yaml'), 'utf8')) as {
  tasks: Record<string, { settings?: Record<string, unknown> }>;
};
/** Folders under tasks/ that are not tasks: modules two or more tasks import. */
const SHARED = ['shared'];

describe.each(registeredTasks.map((task) => [task.name, task] as const))('task %s', (name, task) => {
  it('has the shape every task folder has, and config/default.yaml agrees with its defaults', () => {
    expect(defaults.tasks[name]).toBeDefined();
    expect(taskFolderProblems(task, path.join(root, 'tasks', name), defaults.tasks[name].settings ?? {})).toEqual([]);
  });
});

it('the folders under tasks/ are the registered tasks', () => {
  const folders = fs
    .readdirSync(path.join(root, 'tasks'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !SHARED.includes(entry.name))
    .map((entry) => entry.name);
  expect(folders.sort()).toEqual(registeredTasks.map((task) => task.name).sort());
});

it('the fixture task conforms too, and is registered beside the production tasks by one line', () => {
  const [fixture] = fixtureTasks.filter((task) => !registeredTasks.includes(task));
  expect(fixture.name).toBe('page-stamp');
  expect(taskFolderProblems(fixture, path.join(__dirname, '../../fixtures/tasks/page-stamp'))).toEqual([]);
});

it('finds a folder that does not conform', () => {
  const [task] = registeredTasks;
  const problems = taskFolderProblems({ ...task, name: 'misnamed' }, path.join(root, 'tasks', task.name), { nonsense: true });
  expect(problems).toContain('README.md does not start with "# misnamed"');
  expect(problems.some((p) => p.startsWith('the settings in config/default.yaml do not parse'))).toBe(true);
});
