// The bad-input corpus (DESIGN §4): each case hands deptbot a wrong input through its real command
// line against the real local wiki, and holds when the output names the page or setting and what
// was wrong, the exit code (or the page's outcome) says the job was not done, and no page changed.
// Prints "bad input: N cases, N held".
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { registeredTasks } from '../../tasks';
import { connectAs, humanEdit, readCredentials, uniquePrefix } from '../support/local-wiki';
import { seedText } from '../support/seed-pages';
import { startTranslateReplay, type TranslateReplay } from '../support/translate-replay';
import {
  cliCases,
  fileSession,
  goodOnWikiEntry,
  onWikiJsonCases,
  pageFixtures,
  taskConfigCases,
  type CaseContext,
  type CliCase,
  type Expectation,
  type PageFixture,
  type Wikis,
} from './bad-input-cases';
import { botEnv, changedPages, outcomeLine, runDeptbot, snapshot, writeConfigDir, type CliResult, type PageSnapshot, type Settings } from './bad-input-harness';
import { taskAdapters, type CorpusWorld, type TaskAdapter } from './bad-input-tasks';

const SETUP_TIMEOUT_MS = 300_000;

interface CaseRecord {
  name: string;
  problems: string[];
}

const records: CaseRecord[] = [];
const notApplicable: string[] = [];

/** Records the case and fails the test with every check that did not pass. */
function hold(name: string, problems: string[]): void {
  records.push({ name, problems });
  expect(problems).toEqual([]);
}

let world: CorpusWorld;
let wikis: Wikis;
let replay: TranslateReplay;
let htmlServer: http.Server;
let htmlServerUrl: string;
let closedPort: number;

const departmentBody = () => seedText('Community Resilience and Sustainability');
const talkBody = () => seedText('Talk:Community Resilience and Sustainability');

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  const prefix = uniquePrefix('bad-input');
  world = { prefix, tempDir: fs.mkdtempSync(path.join(os.tmpdir(), 'deptbot-bad-input-')), replayApiUrl: '' };
  wikis = { editor: await connectAs('editor'), admin: await connectAs('admin') };
  replay = await startTranslateReplay();
  world.replayApiUrl = replay.apiUrl;
  htmlServer = http.createServer((req, res) => {
    // A moved wiki: the client must not follow (a redirected POST loses its body).
    if (req.url?.startsWith('/moved/')) {
      res.writeHead(301, { location: readCredentials().apiUrl });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Welcome</title><p>This is not a wiki.</p>');
  });
  htmlServerUrl = `http://127.0.0.1:${await listen(htmlServer)}/api.php`;
  const probe = http.createServer();
  closedPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await replay?.close();
  await new Promise((resolve) => htmlServer?.close(resolve));
  const held = records.filter((r) => r.problems.length === 0).length;
  const failed = records.filter((r) => r.problems.length > 0).map((r) => `  did not hold: ${r.name}: ${r.problems.join('; ')}`);
  process.stdout.write(
    [`bad input: ${records.length} cases, ${held} held`, ...failed, ...notApplicable.map((line) => `  not applicable: ${line}`)].join('\n') + '\n',
  );
});

/** Every registered task's settings when a run is about something else: nothing to edit. */
function neutralSettings(): Record<string, Settings> {
  return Object.fromEntries(Object.entries(taskAdapters).map(([name, adapter]) => [name, adapter.settings(world, [])]));
}

function checkOutput(result: CliResult, expected: Expectation): string[] {
  const output = `${result.stdout}\n${result.stderr}`;
  const problems: string[] = [];
  if (result.exitCode !== expected.exitCode) problems.push(`exit ${result.exitCode}, expected ${expected.exitCode}`);
  for (const name of expected.names) if (!output.includes(name)) problems.push(`the output does not name ${JSON.stringify(name)}`);
  if (!expected.says.test(output)) problems.push(`the output does not say ${expected.says}`);
  for (const secret of expected.never ?? []) if (output.includes(secret)) problems.push('the output shows a secret');
  if (problems.length) problems.push(`output was: ${output.trim().slice(0, 600)}`);
  return problems;
}

/** The edit kept every line of the page, in order, and added these texts. */
function editedAdditively(before: PageSnapshot, after: PageSnapshot, contains: readonly string[] = []): string[] {
  if (before.text === null || after.text === null) return [`"${before.title}" is missing`];
  if (after.revId === before.revId) return [`"${before.title}" was not edited`];
  const kept = after.text.split('\n');
  let at = 0;
  for (const line of before.text.split('\n')) {
    at = kept.indexOf(line, at);
    if (at === -1) return [`"${before.title}" lost the line ${JSON.stringify(line)}`];
    at++;
  }
  return contains.filter((text) => !after.text?.includes(text)).map((text) => `"${before.title}" does not show ${JSON.stringify(text)}`);
}

// ---------------------------------------------------------------------------------------------

const allCliCases: CliCase[] = [
  ...cliCases,
  ...registeredTasks.flatMap((task) => (taskAdapters[task.name] ? taskConfigCases(task.name, taskAdapters[task.name].wrongSetting) : [])),
];

describe('command line', () => {
  it.each(allCliCases.map((c, index) => [`${c.area}: ${c.name}`, c, index] as const))('%s', async (name, badCase, index) => {
    const caseDir = fs.mkdtempSync(path.join(world.tempDir, 'case-'));
    const controlPage = `${world.prefix}cli ${index}/Community Engagement`;
    await humanEdit(wikis.editor, controlPage, seedText('Community Engagement'));
    const configDir = writeConfigDir({
      prefix: world.prefix,
      settings: { ...neutralSettings(), 'historical-banner': taskAdapters['historical-banner'].settings(world, [controlPage]) },
    });
    const apiUrl = readCredentials().apiUrl;
    const ctx: CaseContext = {
      world,
      wikis,
      controlPage,
      configDir,
      caseDir,
      env: botEnv(),
      apiUrl,
      deptbot: (args, env) => runDeptbot({ args, configDir, env: env ?? botEnv() }),
      closedPort,
      htmlServerUrl,
    };
    await badCase.prepare?.(ctx);
    const overlay = badCase.overlay?.(ctx);
    if (overlay !== undefined) fs.writeFileSync(path.join(configDir, 'bad-input.yaml'), overlay);
    const env = badCase.env?.(ctx) ?? botEnv(overlay !== undefined ? { DEPTBOT_CONFIG: 'bad-input' } : {});
    const watched = [...(badCase.controlEdited ? [] : [controlPage]), ...(badCase.watched?.(ctx) ?? [])];
    const control = await snapshot(wikis.editor, [controlPage]);
    const before = await snapshot(wikis.editor, watched);

    const result = await runDeptbot({ args: badCase.args?.(ctx) ?? ['run', 'historical-banner'], configDir, env });

    const problems = checkOutput(result, badCase.expect(ctx));
    const changed = changedPages(before, await snapshot(wikis.editor, watched));
    if (changed.length) problems.push(`changed: ${changed.join(', ')}`);
    if (badCase.controlEdited) problems.push(...editedAdditively(control[0], (await snapshot(wikis.editor, [controlPage]))[0], ['{{Historical']));
    hold(name, problems);
  });
});

// ---------------------------------------------------------------------------------------------

interface PageRun {
  result: CliResult;
  before: PageSnapshot[];
  after: PageSnapshot[];
}

interface PageCase {
  fixture: PageFixture;
  target: string;
  watched: string[];
  run?: PageRun;
  /** A good page in the same run: its edit shows the run went on past the bad pages. */
  goodPage?: string;
}

function adapterFor(name: string): TaskAdapter | undefined {
  return taskAdapters[name];
}

describe.each(registeredTasks.map((task) => [task.name] as const))('pages: %s', (taskName) => {
  const adapter = adapterFor(taskName);
  const applicable = pageFixtures.filter((fixture) => adapter && !(fixture.key in adapter.notApplicable) && (fixture.key !== 'broken-region' || adapter.region));
  const cases = new Map<string, PageCase>();

  beforeAll(async () => {
    if (!adapter) return;
    for (const fixture of pageFixtures.filter((f) => !applicable.includes(f))) {
      notApplicable.push(`${taskName}: ${fixture.problem}: ${adapter.notApplicable[fixture.key] ?? 'the task keeps no managed region'}`);
    }
    const folder = `${world.prefix}${taskName}/`;
    const body = adapter.target('x') === 'x' ? departmentBody() : talkBody();
    for (const fixture of applicable) {
      const target = adapter.target(`${folder}${fixture.titleSuffix ?? fixture.key}`);
      await fixture.make(wikis, target, body, adapter.region);
      cases.set(fixture.key, { fixture, target, watched: [target, ...(fixture.alsoWatched?.(target) ?? [])] });
    }
    const goodPage = adapter.targetsPerRun > 1 ? adapter.target(`${folder}good`) : undefined;
    if (goodPage) await humanEdit(wikis.editor, goodPage, body);
    const all = [...cases.values()];
    for (let start = 0; start < all.length; start += adapter.targetsPerRun) {
      const batch = all.slice(start, start + adapter.targetsPerRun);
      const targets = [...batch.map((c) => c.target), ...(goodPage ? [goodPage] : [])];
      const configDir = writeConfigDir({ prefix: world.prefix, settings: { ...neutralSettings(), [taskName]: adapter.settings(world, targets) } });
      const titles = [...batch.flatMap((c) => c.watched), ...(goodPage ? [goodPage] : [])];
      const before = await snapshot(wikis.editor, titles);
      const env = botEnv(adapter.apiUrl ? { MW_API_URL: adapter.apiUrl(world) } : {});
      const result = await runDeptbot({ args: ['run', taskName], configDir, env });
      const run = { result, before, after: await snapshot(wikis.editor, titles) };
      for (const c of batch) Object.assign(c, { run, goodPage });
    }
  }, SETUP_TIMEOUT_MS);

  it('has a bad-input adapter (test/reliability/bad-input-tasks.ts)', () => {
    expect(adapter).toBeDefined();
  });

  it.each(applicable.map((fixture) => [fixture.problem, fixture.key] as const))(`${taskName}: %s`, (problem, key) => {
    const c = cases.get(key);
    if (!c?.run) return hold(`page: ${taskName}: ${problem}`, ['the run did not happen']);
    const { result, before, after } = c.run;
    const output = `${result.stdout}\n${result.stderr}`;
    const problems: string[] = [];
    const line = outcomeLine(output, c.target);
    if (!line) problems.push(`no line names "${c.target}"`);
    else {
      if (!c.fixture.status.some((status) => line.startsWith(status))) problems.push(`"${c.target}" was not ${c.fixture.status.join(' or ')}: ${line}`);
      if (!c.fixture.says.test(line)) problems.push(`the line does not say ${c.fixture.says}: ${line}`);
      if (line.startsWith('failed') && result.exitCode !== 1) problems.push(`exit ${result.exitCode} after a failed save, expected 1`);
    }
    const watched = before.filter((page) => c.watched.includes(page.title));
    const changed = changedPages(watched, watched.map((page) => after.find((p) => p.title === page.title) as PageSnapshot));
    if (changed.length) problems.push(`changed: ${changed.join(', ')}`);
    if (c.goodPage) {
      const good = (list: PageSnapshot[]) => list.find((p) => p.title === c.goodPage) as PageSnapshot;
      problems.push(...editedAdditively(good(before), good(after)).map((p) => `the run did not go on: ${p}`));
    }
    if (problems.length && result.exitCode > 1) problems.push(`output was: ${output.trim().slice(0, 400)}`);
    hold(`page: ${taskName}: ${problem}`, problems);
  });
});

// ---------------------------------------------------------------------------------------------

describe('office-hours: the on-wiki JSON schedule', () => {
  const hasOfficeHours = registeredTasks.some((task) => task.name === 'office-hours');

  it.each(onWikiJsonCases.map((c, index) => [c.name, c, index] as const))('%s', async (name, badCase, index) => {
    if (!hasOfficeHours) return;
    const folder = `${world.prefix}on-wiki json ${index}/`;
    const department = `${folder}Department`;
    const schedulePage = `${folder}Schedule`;
    await humanEdit(wikis.editor, department, departmentBody());
    const scheduleFile = path.join(world.tempDir, `on-wiki-json-${index}.yaml`);
    fs.writeFileSync(scheduleFile, JSON.stringify({ sessions: [fileSession(department)] }));
    const configDir = writeConfigDir({
      prefix: world.prefix,
      settings: { ...neutralSettings(), 'office-hours': { scheduleFile, onWikiPage: schedulePage, pages: [{ title: department }] } },
    });
    // As an administrator: setting a content model is rate-limited for ordinary users (8 a minute).
    const saveSchedule = (text: string, json: boolean) =>
      wikis.admin.write({ action: 'edit', title: schedulePage, text, summary: 'bad-input corpus', ...(json ? { contentmodel: 'json' } : {}) });
    if (badCase.afterGoodVersion) {
      await saveSchedule(JSON.stringify({ sessions: [goodOnWikiEntry(department)] }), true);
      const first = await runDeptbot({ args: ['run', 'office-hours'], configDir, env: botEnv() });
      if (first.exitCode !== 0) return hold(`on-wiki JSON: ${name}`, [`the run over the good version failed: ${first.stderr}`]);
    }
    const text = badCase.text(department);
    if (text === null) await wikis.admin.write({ action: 'delete', title: schedulePage, reason: 'bad-input corpus' });
    else await saveSchedule(text, badCase.json);
    const before = await snapshot(wikis.editor, [department, schedulePage]);

    const result = await runDeptbot({ args: ['run', 'office-hours'], configDir, env: botEnv() });

    const after = await snapshot(wikis.editor, [department, schedulePage]);
    const problems = checkOutput(result, { exitCode: 0, names: [schedulePage], says: badCase.says });
    const note = `${result.stdout}\n${result.stderr}`.split('\n').find((line) => line.includes(schedulePage));
    if (note && !badCase.says.test(note)) problems.push(`the line naming the page does not say ${badCase.says}: ${note}`);
    // After a good version the page already shows its sessions: the run must keep them (no edit is due).
    if (badCase.afterGoodVersion) {
      if (changedPages([before[0]], [after[0]]).length) problems.push(`"${department}" changed although the last good data did not`);
      problems.push(...badCase.shows.filter((shown) => !after[0].text?.includes(shown)).map((shown) => `"${department}" does not show ${shown}`));
    } else problems.push(...editedAdditively(before[0], after[0], badCase.shows));
    if (changedPages([before[1]], [after[1]]).length) problems.push(`changed: ${schedulePage}`);
    hold(`on-wiki JSON: ${name}`, problems);
  });
});

it('the corpus tries at least 40 bad inputs', () => {
  const pageCases = registeredTasks.reduce((sum, task) => {
    const adapter = taskAdapters[task.name];
    return sum + (adapter ? pageFixtures.filter((f) => !(f.key in adapter.notApplicable) && (f.key !== 'broken-region' || adapter.region)).length : 0);
  }, 0);
  expect(allCliCases.length + pageCases + onWikiJsonCases.length).toBeGreaterThanOrEqual(40);
});
