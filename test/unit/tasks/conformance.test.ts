// One test over the registry: every task folder has the same shape, its settings defaults agree with
// config/default.yaml, its ledger declarations are in its ledger.ts (the framework names none of
// them), and the folders under tasks/ are exactly the registered tasks (plus the modules they share). The fixture task shows what adding a task takes: its folder and one line.
import fs from 'node:fs';
import path from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { taskLedgersOf } from '../../../src/core/task';
import { registeredTasks } from '../../../tasks';
import { SIGNAL_KINDS } from '../../../tasks/talk-reminders/reminder-kinds';
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

/** The framework's source files, src/ledger's first. */
function frameworkFiles(folder = path.join(root, 'src')): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return frameworkFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** What the tasks declare in their ledger.ts: table names, record kinds, signal types. */
function declaredLedgerNames(): string[] {
  return taskLedgersOf(registeredTasks).flatMap((declared) => [
    ...declared.migrations.flatMap((sql) => [...sql.matchAll(/CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi)].map((m) => m[1])),
    ...declared.records.map((kind) => kind.kind),
    ...declared.signals.map((kind) => kind.type),
  ]);
}

it("the framework names no task's ledger tables, record kinds or signal types: the tasks declare them", () => {
  const names = declaredLedgerNames();
  expect(names).toEqual(expect.arrayContaining(['translation_snapshots', 'translation-snapshot', 'stale-office-hours', 'banner-removed']));
  const named = frameworkFiles().flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return names.filter((name) => new RegExp(`['"\`\\s(]${name}\\b`).test(text)).map((name) => `${path.relative(root, file)} names ${name}`);
  });
  expect(named).toEqual([]);
});

it('every signal talk-reminders reminds of is declared by the task that records it', () => {
  const declared = taskLedgersOf(registeredTasks).flatMap((d) => d.signals.map((kind) => kind.type));
  expect(SIGNAL_KINDS.filter((type) => !declared.includes(type))).toEqual([]);
});

it("finds ledger declarations that are not in the task's ledger.ts", () => {
  const byName = new Map(registeredTasks.map((task) => [task.name, task]));
  const translationStatus = byName.get('translation-status')!;
  const talkReminders = byName.get('talk-reminders')!;
  expect(taskFolderProblems({ ...talkReminders, ledger: translationStatus.ledger }, path.join(root, 'tasks/talk-reminders'))).toContain(
    'the task declares ledger data but has no ledger.ts',
  );
  expect(
    taskFolderProblems({ ...translationStatus, ledger: { ...translationStatus.ledger!, signals: [] } }, path.join(root, 'tasks/translation-status')),
  ).toContain("ledger.ts does not export the task's ledger declaration");
  expect(taskFolderProblems({ ...translationStatus, ledger: undefined }, path.join(root, 'tasks/translation-status'))).toContain(
    'ledger.ts exists but the task declares no ledger data',
  );
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
