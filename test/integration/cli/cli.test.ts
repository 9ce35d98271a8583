// `deptbot` end to end against the real local wiki, in-process (runCli with the test task): plan,
// run, apply, bad config, shutoff. Assertions are on the wiki's revisions and the ledger (and, for
// plan, on what it prints and saves).
import fs from 'node:fs';
import path from 'node:path';
import { readPlanFile } from '../../../src/core/plan-file';
import { findRegion } from '../../../src/core/managed-region';
import type { Task } from '../../../src/core/task';
import type { WikiClient } from '../../../src/wiki/client';
import { appendTask, upsertNote } from '../../support/append-task';
import { connectAs, currentRevId, humanEdit, pageText, uniquePrefix } from '../../support/local-wiki';
import { CapturedStream, cliEnv, runInProcess, withLedger, writeCliSetup, writeOverlay, type CliSetup } from './helpers/cli-harness';

let editor: WikiClient;

beforeAll(async () => {
  editor = await connectAs('editor');
});

/** Creates `count` pages under the prefix, as a person would, and returns their titles. */
async function makePages(prefix: string, count: number): Promise<string[]> {
  const titles = Array.from({ length: count }, (_, i) => `${prefix}Page ${i + 1}`);
  for (const title of titles) await humanEdit(editor, title, `Text of ${title}.`);
  return titles;
}

function appendSetup(name: string, pages: readonly string[], line: string): CliSetup {
  const prefix = uniquePrefix(name);
  return writeCliSetup({ prefix, tasks: { 'test-append': { settings: { pages, line } } } });
}

/** The page text the test task makes of `text`, as the wiki stores it (trailing whitespace trimmed). */
function noted(text: string | null, line: string): string {
  const result = upsertNote(text ?? '', line);
  if (!('text' in result)) throw new Error(result.skip);
  return result.text.trimEnd();
}

async function revIds(titles: readonly string[]): Promise<Array<number | null>> {
  return Promise.all(titles.map((title) => currentRevId(editor, title)));
}

/** The diff header `deptbot plan` prints for a page planned from revision `revId`. */
function diffHeader(title: string, revId: number | null): string {
  return `--- ${title}\trevision ${revId}`;
}

/**
 * test-append planning one part per page. Each time the command asks for the next part, `printed`
 * gets what it had printed by then; `failAfter` parts, the task throws instead.
 */
function partPerPage(stdout: CapturedStream, printed: string[], failAfter = Infinity): Task {
  return {
    ...appendTask,
    async *plan(ctx) {
      for await (const part of appendTask.plan({ ...ctx, pagesPerPart: 1 })) {
        yield part;
        printed.push(stdout.text());
        if (printed.length >= failAfter) throw new Error('the task broke after its first part');
      }
    },
  };
}

/** The files in the setup's folder named like the plan file: a temporary one left behind shows here. */
function planFilesIn(setup: CliSetup): string[] {
  return fs.readdirSync(setup.dir).filter((name) => name.startsWith('plan.json'));
}

describe('deptbot plan', () => {
  it('prints a diff and the summary per page, saves the plan, and changes no revision', async () => {
    const pages = await makePages(uniquePrefix('cli-plan'), 2);
    const setup = appendSetup('cli-plan', pages, 'Planned line');
    const before = await revIds(pages);
    const planFile = path.join(setup.dir, 'plan.json');

    const result = await runInProcess(['plan', 'test-append', '--json', planFile], setup);

    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('== test-append: plan (dry run, nothing written) ==\n')).toBe(true);
    for (const [i, title] of pages.entries()) expect(result.stdout).toContain(diffHeader(title, before[i]));
    expect(result.stdout).toContain('+Planned line');
    expect(result.stdout).toContain(`summary: Noting "Planned line" ([[${setup.docsPage}#test-append|deptbot test-append]])`);
    expect(await revIds(pages)).toEqual(before);
    expect(await currentRevId(editor, setup.statusPage)).toBeNull();
    const saved = readPlanFile(planFile);
    expect(saved.tasks.map((t) => t.task)).toEqual(['test-append']);
    expect(saved.tasks[0].changes.map((c) => [c.title, c.baseRevId])).toEqual(pages.map((title, i) => [title, before[i]]));
    const runs = withLedger(setup, (ledger) => ledger.recentRuns(5));
    expect(runs.map((r) => [r.task, r.trigger, r.dryRun, r.result])).toEqual([['test-append', 'cli', true, 'ok']]);
    expect(saved.tasks[0].plannedRunId).toBe(runs[0].id);
    expect(result.stdout).toContain(
      `\n\ntest-append: 2 change(s) planned, 0 already up to date, 0 skipped, 0 failed (ledger run ${runs[0].id})\n\n` +
        `Saved the plan (2 change(s)) to ${planFile}`,
    );
    expect(planFilesIn(setup)).toEqual(['plan.json']);
  });

  it('prints and saves each part of a plan before it prepares the next', async () => {
    const pages = await makePages(uniquePrefix('cli-plan-parts'), 3);
    const setup = appendSetup('cli-plan-parts', pages, 'Line in parts');
    const original = await Promise.all(pages.map((title) => pageText(editor, title)));
    const before = await revIds(pages);
    const planFile = path.join(setup.dir, 'plan.json');
    const stdout = new CapturedStream();
    const printed: string[] = [];

    const result = await runInProcess(['plan', 'test-append', '--json', planFile], setup, {
      tasks: [partPerPage(stdout, printed)],
      stdout,
    });

    expect(result.code).toBe(0);
    // A part per page, then test-append's part of new sections (none here).
    expect(printed).toHaveLength(pages.length + 1);
    for (const [i, title] of pages.entries()) {
      expect(printed[i]).toContain(diffHeader(title, before[i]));
      if (i + 1 < pages.length) expect(printed[i]).not.toContain(diffHeader(pages[i + 1], before[i + 1]));
    }
    expect(result.stdout).toContain('test-append: 3 change(s) planned, 0 already up to date, 0 skipped, 0 failed (ledger run ');
    const saved = readPlanFile(planFile);
    expect(saved.tasks[0].changes.map((c) => [c.title, c.baseRevId, c.newText.trimEnd()])).toEqual(
      pages.map((title, i) => [title, before[i], noted(original[i], 'Line in parts')]),
    );
    expect(await revIds(pages)).toEqual(before);
  });

  it('saves nothing when planning fails part-way, and keeps an earlier plan file as it was', async () => {
    const pages = await makePages(uniquePrefix('cli-plan-broken'), 2);
    const setup = appendSetup('cli-plan-broken', pages, 'Never saved');
    const before = await revIds(pages);
    const planFile = path.join(setup.dir, 'plan.json');
    fs.writeFileSync(planFile, '{"an": "earlier plan, reviewed"}\n');
    const stdout = new CapturedStream();

    const result = await runInProcess(['plan', 'test-append', '--json', planFile], setup, {
      tasks: [partPerPage(stdout, [], 1)],
      stdout,
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(diffHeader(pages[0], before[0]));
    expect(result.stdout).toContain('  error: the task broke after its first part');
    expect(result.stdout).toMatch(/test-append: 1 change\(s\) planned, .* 0 failed \(ledger run \d+\) — the plan failed/);
    expect(result.stdout).not.toContain('Saved the plan');
    expect(result.stderr).toContain(`the plan was not saved: planning test-append failed; nothing was written to ${planFile}`);
    expect(fs.readFileSync(planFile, 'utf8')).toBe('{"an": "earlier plan, reviewed"}\n');
    expect(planFilesIn(setup)).toEqual(['plan.json']);
    const runs = withLedger(setup, (ledger) => ledger.recentRuns(5));
    expect(runs.map((r) => [r.task, r.dryRun, r.result])).toEqual([['test-append', true, 'failed']]);
  });
});

describe('deptbot run', () => {
  it('edits the pages, records the run, and updates the status and Tasks pages only when they change', async () => {
    const pages = await makePages(uniquePrefix('cli-run'), 2);
    const setup = appendSetup('cli-run', pages, 'Run line');
    const original = await Promise.all(pages.map((title) => pageText(editor, title)));

    const first = await runInProcess(['run', 'test-append'], setup);

    expect(first.code).toBe(0);
    for (const [i, title] of pages.entries()) {
      expect(await pageText(editor, title)).toBe(noted(original[i], 'Run line'));
    }
    expect(first.stdout).toMatch(/edited ".*Page 1" {2}http:\/\/127\.0\.0\.1:\d+\/index\.php\?diff=\d+&oldid=\d+/);
    const lastRun = withLedger(setup, (ledger) => ledger.lastAppliedRun('test-append'));
    expect(lastRun).toMatchObject({ trigger: 'cli', result: 'ok', edits: 2, errors: 0 });
    const status = (await pageText(editor, setup.statusPage)) ?? '';
    expect(findRegion(status, 'status').kind).toBe('found');
    expect(status).toContain(`| [[${setup.docsPage}#test-append|test-append]] || `);
    expect(status).toMatch(/\|\| ok \|\| /);
    expect(status).toMatch(/'''Recent edits'''\n\* .* UTC \(cli\): 2 pages saved\n\*\* /);
    const tasksPage = (await pageText(editor, setup.docsPage)) ?? '';
    expect(tasksPage).toContain('== test-append ==');
    expect(tasksPage).toContain('== status ==');

    // Nothing left to do: no page edit, and the status page stays as it is (only the run time would
    // differ; it keeps listing the edits of the run that made them).
    const statusRev = await currentRevId(editor, setup.statusPage);
    const tasksRev = await currentRevId(editor, setup.docsPage);
    const pageRevs = await revIds(pages);
    for (let run = 0; run < 2; run++) {
      const again = await runInProcess(['run', 'test-append'], setup);
      expect(again.code).toBe(0);
    }
    expect(await revIds(pages)).toEqual(pageRevs);
    expect(await currentRevId(editor, setup.statusPage)).toBe(statusRev);
    expect(await currentRevId(editor, setup.docsPage)).toBe(tasksRev);
    const statusRuns = withLedger(setup, (ledger) => ledger.recentRuns(20, 'status'));
    expect(statusRuns.map((r) => r.edits)).toEqual([2]); // the first run's (both pages); none since
  });

  it('deptbot status counts a run\'s pages in the words and numbers of the run summary', async () => {
    const pages = await makePages(uniquePrefix('cli-counts'), 2);
    const setup = appendSetup('cli-counts', pages, 'Counted line');
    await runInProcess(['run', 'test-append'], setup);
    const second = await runInProcess(['run', 'test-append'], setup);
    expect(second.stdout).toContain('test-append: 0 saved, 2 already up to date, 0 skipped, 0 failed');

    const status = await runInProcess(['status', '--task', 'test-append'], setup);
    const [header, row] = status.stdout.split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['TASK', 'LAST RUN', 'RESULT', 'SAVED', 'UP TO DATE', 'SKIPPED', 'FAILED', 'NOT REACHED', 'NEXT RUN']);
    expect(row.split(/\s{2,}/).slice(2, 7)).toEqual(['ok', '0', '2', '0', '0']);
    const json = JSON.parse((await runInProcess(['status', '--task', 'test-append', '--json'], setup)).stdout);
    expect(json.tasks[0].counts).toEqual({ saved: 0, upToDate: 2, skipped: 0, failed: 0, notReached: 0 });
    expect(json.runs.map((r: { counts: object }) => r.counts)).toEqual([
      { saved: 0, upToDate: 2, skipped: 0, failed: 0, notReached: 0 },
      { saved: 2, upToDate: 0, skipped: 0, failed: 0, notReached: 0 },
    ]);
  });

  it('runs only the page given with --page', async () => {
    const pages = await makePages(uniquePrefix('cli-page'), 2);
    const setup = appendSetup('cli-page', pages, 'One page');
    const before = await revIds(pages);

    const result = await runInProcess(['run', 'test-append', '--page', pages[1]], setup);

    expect(result.code).toBe(0);
    const after = await revIds(pages);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
  });
});

describe('deptbot apply', () => {
  it('applies a reviewed plan and refuses, by name, a page changed since it was planned', async () => {
    const pages = await makePages(uniquePrefix('cli-apply'), 3);
    const setup = appendSetup('cli-apply', pages, 'Reviewed line');
    const planFile = path.join(setup.dir, 'plan.json');
    expect((await runInProcess(['plan', 'test-append', '--json', planFile], setup)).code).toBe(0);
    const original = await Promise.all(pages.map((title) => pageText(editor, title)));
    await humanEdit(editor, pages[1], 'A person rewrote this page after the plan was made.');

    const result = await runInProcess(['apply', planFile], setup);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`not applied: "${pages[1]}"`);
    expect(result.stdout).toContain(`"${pages[1]}" changed since the plan was made`);
    expect(await pageText(editor, pages[0])).toBe(noted(original[0], 'Reviewed line'));
    expect(await pageText(editor, pages[1])).toBe('A person rewrote this page after the plan was made.');
    expect(await pageText(editor, pages[2])).toBe(noted(original[2], 'Reviewed line'));
    const run = withLedger(setup, (ledger) => ledger.lastAppliedRun('test-append'));
    expect(run).toMatchObject({ trigger: 'apply', result: 'failed', edits: 2, errors: 1 });
    const edits = withLedger(setup, (ledger) => ledger.editsOfRun(run?.id ?? -1, 'test-append'));
    expect(edits.map((e) => e.page).sort()).toEqual([pages[0], pages[2]].sort());
  });

  it('refuses a file that is not a deptbot plan with exit 2', async () => {
    const setup = appendSetup('cli-apply-bad', [], 'x');
    const file = path.join(setup.dir, 'not-a-plan.json');
    fs.writeFileSync(file, JSON.stringify({ hello: 'world' }));

    const result = await runInProcess(['apply', file], setup);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: not a deptbot plan`);
  });
});

describe('exit codes', () => {
  it('bad config: exit 2, naming the file and the setting, before anything starts', async () => {
    const setup = appendSetup('cli-bad-config', [], 'x');
    writeOverlay(setup, 'broken', 'safety:\n  throttleSeconds: fast\n');

    const result = await runInProcess(['run', '--all'], setup, { env: { ...cliEnv(), DEPTBOT_CONFIG: 'broken' } });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/broken\.yaml:2: safety\.throttleSeconds: /);
    expect(fs.existsSync(setup.ledgerPath)).toBe(false);
  });

  it('an active global shutoff: exit 3, nothing edited', async () => {
    const pages = await makePages(uniquePrefix('cli-shutoff'), 1);
    const setup = appendSetup('cli-shutoff', pages, 'Should not appear');
    await humanEdit(editor, setup.shutoffPage, 'Stopped: testing the shutoff.');
    const before = await revIds(pages);

    const result = await runInProcess(['run', 'test-append'], setup);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`Writing is stopped by the shutoff page "${setup.shutoffPage}"`);
    expect(await revIds(pages)).toEqual(before);
  });

  it("an active shutoff of the task: exit 3, the run recorded as 'shutoff', nothing edited", async () => {
    const pages = await makePages(uniquePrefix('cli-task-shutoff'), 1);
    const setup = appendSetup('cli-task-shutoff', pages, 'Should not appear');
    await humanEdit(editor, `${setup.shutoffPage}/test-append`, 'Stopped for this task.');
    const before = await revIds(pages);

    const result = await runInProcess(['run', 'test-append'], setup);

    expect(result.code).toBe(3);
    expect(await revIds(pages)).toEqual(before);
    expect(withLedger(setup, (ledger) => ledger.lastAppliedRun('test-append'))).toMatchObject({ result: 'shutoff', edits: 0 });
  });

  it.each([
    [['run'], 'Name at least one task, or use --all'],
    [['run', 'no-such-task'], 'Unknown task "no-such-task"; known tasks: test-append'],
    [['plan', 'test-append', '--all'], 'Name tasks or use --all, not both'],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('usage error %j: exit 2', async (args, message) => {
    const setup = appendSetup('cli-usage', [], 'x');

    const result = await runInProcess(args, setup);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('--help on every command: exit 0', async () => {
    const setup = appendSetup('cli-help', [], 'x');
    for (const command of ['list', 'plan', 'run', 'apply', 'start', 'status', 'validate', 'toolforge-jobs']) {
      const result = await runInProcess([command, '--help'], setup);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: deptbot ${command}`);
    }
  });
});
