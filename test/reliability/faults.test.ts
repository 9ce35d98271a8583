// Fault suite (issue 8, part 1; issue 19): every registered task, and test-append, runs through the
// fault proxy under each fault class on its own copies of its pages, and the wiki's final state is
// compared with a fault-free run on another copy: no edit lost, none duplicated, no page damaged, and
// every bot revision known to the ledger. Each class fires at least MIN_FIRINGS times per task (in
// more rounds, each on a fresh copy, for a task that saves few pages per run); the table of firings,
// edits lost, duplicated and mismatched per task and class is printed and written to
// test/reliability/results/fault-table.md. Seeded: DEPTBOT_FAULT_SEED picks another sequence of faults.
import fs from 'node:fs';
import path from 'node:path';
import { runTask } from '../../src/core/run-task';
import type { TaskRunReport } from '../../src/core/run-loop';
import type { Task } from '../../src/core/task';
import type { WikiClient } from '../../src/wiki/client';
import { startFaultProxy, type FaultKind, type FaultRule } from '../support/fault-proxy';
import { connectAs, humanEdit, openTestRuntime, readCredentials } from '../support/local-wiki';
import { startTranslateReplay, type TranslateReplay } from '../support/translate-replay';
import { inParallel } from './in-parallel';
import { RELIABILITY_WIKI_SETTINGS, prepareCopy, type People } from './prepare-copy';
import { RUN_CLOCK, RUN_PAGES_PER_PART, reliabilityTasks, scenarios, type Scenario } from './scenarios';
import { compareWrittenPages, countDifferences, normalise, readWrittenPages, type Difference, type WrittenPage } from './wiki-state';

const SEED = Number(process.env.DEPTBOT_FAULT_SEED ?? 20261121);

interface FaultClass {
  name: FaultKind;
  rules: FaultRule[];
}

/**
 * Faults of each class each task must meet, over its rounds: 20. `npm run test:mariadb` asks for
 * fewer (DEPTBOT_FAULT_MIN_FIRINGS=5): the same verdicts on the second backend at a quarter of the
 * rounds, to keep CI short; set it to 20 there for the full scale.
 */
const MIN_FIRINGS = Number(process.env.DEPTBOT_FAULT_MIN_FIRINGS ?? 20);
/** Rounds (runs on fresh copies) a class may take to reach MIN_FIRINGS: translation-status saves one page per run. */
const MAX_ROUNDS = 24;

/**
 * One class of faults alone: always on the run's first save (so that every task meets it where it
 * matters most), then on any request by chance. maxInARow (2 unless given) keeps the faults on one
 * request below the retries that absorb them (wiki.maxRetries = 5 for the client's own retries;
 * safety.conflictRetries = 3 for a save whose answer was lost or that met a conflict), so a bot that
 * recovers correctly never runs out, however often the faults come.
 */
function faultClass(name: FaultKind, chance: Omit<FaultRule, 'fault'>, details: Partial<FaultRule> = {}): FaultClass {
  return {
    name,
    rules: [
      { fault: name, actions: ['edit'], writes: true, maxCount: 1, ...details },
      { fault: name, maxInARow: 2, ...chance, ...details },
    ],
  };
}

const ALL_FAULT_CLASSES: readonly FaultClass[] = [
  faultClass('maxlag', { probability: 0.5 }, { retryAfterSeconds: 1 }),
  faultClass('http-503', { probability: 0.5 }, { retryAfterSeconds: 1 }),
  faultClass('http-429', { probability: 0.5 }, { retryAfterSeconds: 1 }),
  faultClass('ratelimited', { probability: 0.5 }),
  faultClass('badtoken', { writes: true, probability: 0.8 }),
  // Not on the login itself (action=login, and the token fetches of a login or a refresh): a login that
  // loses its own session is a failed login, not a lost session.
  faultClass('session-lost', { actions: ['query', 'edit'], exceptMeta: ['tokens'], probability: 0.5 }),
  faultClass('drop-before', { probability: 0.4 }),
  faultClass('drop-after', { probability: 0.4 }),
  // wiki.timeoutMs is 2000 in these runs: some answers come late, others after the client gave up.
  faultClass('slow', { probability: 0.4, maxInARow: 1 }, { delayMs: { min: 1500, max: 2400 } }),
  // Saves that reach the wiki after the client gave up on them (and may have sent them again).
  faultClass('late', { writes: true, probability: 0.8, maxInARow: 1 }, { delayMs: { min: 2050, max: 2400 } }),
  // One person's edit per page, so that the reference with that edit made first is exact.
  faultClass('concurrent-edit', { actions: ['edit'], writes: true, probability: 1 }, { maxPerTitle: 1 }),
];

/** DEPTBOT_FAULT_CLASSES=late,slow runs only those classes (while looking into one). */
const FAULT_CLASSES = process.env.DEPTBOT_FAULT_CLASSES
  ? ALL_FAULT_CLASSES.filter((c) => process.env.DEPTBOT_FAULT_CLASSES?.split(',').includes(c.name))
  : ALL_FAULT_CLASSES;

/** Classes whose faults the client retries itself after a wait, reads and writes alike. */
const RETRIED_AFTER_WAITING: readonly string[] = ['maxlag', 'http-429'];

/** A person's edit made while the bot was saving: kept by kind so that the reference can make the same edit first. */
interface PersonEdit {
  /** The page, with the copy's prefix normalised. */
  page: string;
  where: 'end' | 'top';
}

const PERSON_LINE = 'A line a person added while the bot was saving.';

async function editAsPerson(editor: WikiClient, title: string, where: PersonEdit['where']): Promise<void> {
  const page = (await editor.readPages([title])).get(title);
  const text = page?.exists ? (page.text ?? '') : '';
  await humanEdit(editor, title, where === 'end' ? `${text}\n\n${PERSON_LINE}` : `${PERSON_LINE}\n${text}`, 'a person edits meanwhile');
}

interface CopyRun {
  report: TaskRunReport;
  pages: WrittenPage[];
  injected: number;
  /** Faults answered with Retry-After, and how long the bot waited before its next request (ms). */
  waitsAfterRetryAfter: Array<{ asked: number; waited: number }>;
  requests: number;
  personEdits: PersonEdit[];
  /** Saves the writer redid after MediaWiki merged them with a person's edit, by page (prefix normalised). */
  redone: Map<string, number>;
}

/** The writer's own account of saves it redid after a merge (one log line each). */
function redoneSaves(logLines: readonly string[], prefix: string): Map<string, number> {
  const redone = new Map<string, number>();
  for (const line of logLines) {
    const entry = JSON.parse(line) as { message?: string; page?: string };
    if (entry.message !== 'save was merged with an edit made meanwhile, redoing it' || !entry.page) continue;
    const page = normalise(entry.page, prefix);
    redone.set(page, (redone.get(page) ?? 0) + 1);
  }
  return redone;
}

let people: People;
let editor: WikiClient;
let replay: TranslateReplay;

async function runOnCopy(
  task: Task,
  scenario: Scenario,
  name: string,
  rules: readonly FaultRule[],
  personEditsFirst: readonly PersonEdit[] = [],
  round = 0,
): Promise<CopyRun> {
  const copy = await prepareCopy(people, task, scenario, `faults ${task.name} ${name} ${round}`);
  for (const edit of personEditsFirst) await editAsPerson(editor, edit.page.split('<prefix>').join(copy.prefix), edit.where);
  const personEdits: PersonEdit[] = [];
  const proxy = await startFaultProxy({
    target: (scenario.usesTranslate ? replay.apiUrl : readCredentials().apiUrl).replace(/\/api\.php$/, ''),
    seed: SEED + FAULT_CLASSES.findIndex((c) => c.name === name) + 1 + 100 * round,
    rules,
    concurrentEdit: async (title) => {
      const where = personEdits.length % 2 === 0 ? 'end' : 'top';
      await editAsPerson(editor, title, where);
      personEdits.push({ page: normalise(title, copy.prefix), where });
    },
  });
  try {
    const runtime = await openTestRuntime({ tasks: [task], config: copy.config, apiUrl: proxy.apiUrl });
    try {
      const report = await runTask(
        { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => RUN_CLOCK, pagesPerPart: RUN_PAGES_PER_PART },
        { task, trigger: 'cli', dryRun: false },
      );
      await proxy.settled();
      const pages = await readWrittenPages(editor, copy.pages, copy.prefix, runtime.wiki.userName, runtime.ledger);
      const redone = redoneSaves(runtime.logLines, copy.prefix);
      const waitsAfterRetryAfter = proxy.injected.flatMap(({ request, rule }) => {
        const next = proxy.requests[request.n];
        return rule.retryAfterSeconds === undefined || !next ? [] : [{ asked: rule.retryAfterSeconds * 1000, waited: next.at - request.at }];
      });
      return { report, pages, injected: proxy.injected.length, waitsAfterRetryAfter, requests: proxy.requests.length, personEdits, redone };
    } finally {
      runtime.close();
    }
  } finally {
    await proxy.close();
  }
}

/**
 * The outcome of each page, prefix normalised and sorted, for comparing two runs' reports. A page a
 * person created while the bot was creating it is then edited: with `personEdits`, both count as saved.
 */
function outcomeSummary(run: CopyRun, prefix: RegExp): string[] {
  const status = (s: string) => (run.personEdits.length && (s === 'created' || s === 'edited') ? 'saved' : s);
  return run.report.outcomes.map((o) => `${o.title.replace(prefix, '<prefix>')}: ${status(o.status)}`).sort();
}

function removePersonLines(text: string): string {
  return text.split(`\n\n${PERSON_LINE}`).join('').split(`${PERSON_LINE}\n`).join('');
}

/** Each person's edit must still be there: the bot never overwrites one. */
function lostPersonEdits(faulted: CopyRun): Difference[] {
  return faulted.pages.flatMap((page): Difference[] => {
    const made = faulted.personEdits.filter((edit) => edit.page === page.page).length;
    const found = (page.text ?? '').split(PERSON_LINE).length - 1;
    return found === made ? [] : [{ page: page.page, kind: 'lost', count: Math.abs(made - found), detail: `a person's line stands ${found} times, after ${made} edits` }];
  });
}

/**
 * Differences from the fault-free reference. A person's edit made during the run can end in two
 * ways, and either will do: MediaWiki merged the bot's save with it (the page is the reference plus
 * the person's lines), or the bot met the conflict and re-ran its transform (the page is what a run
 * gives when the person edited first: run on another copy only when needed).
 */
async function differencesFromReference(task: Task, scenario: Scenario, className: string, reference: CopyRun, faulted: CopyRun): Promise<Difference[]> {
  if (!faulted.personEdits.length) return compareWrittenPages(reference.pages, faulted.pages);
  // A save redone after a merge may be one more revision, not a duplicated edit.
  const withoutPerson = faulted.pages.map((page) => ({ ...page, text: page.text && removePersonLines(page.text) }));
  const merged = compareWrittenPages(reference.pages, withoutPerson, faulted.redone);
  if (!merged.some((d) => d.kind === 'mismatch')) return [...merged, ...lostPersonEdits(faulted)];
  const personFirst = await runOnCopy(task, scenario, `${className} reference`, [], faulted.personEdits);
  const rerun = compareWrittenPages(personFirst.pages, faulted.pages, faulted.redone);
  const unexplained = merged.filter((d) => d.kind !== 'mismatch' || rerun.some((r) => r.page === d.page && r.kind === 'mismatch'));
  return [...unexplained, ...lostPersonEdits(faulted)];
}

const COPY_PREFIX = /Deptbot test\/[^/]+\//g;

/** One cell of the table: a task under one class of faults, over its rounds. */
interface Tally {
  rounds: number;
  firings: number;
  lost: number;
  duplicated: number;
  mismatches: number;
  unrecorded: number;
}

/** Task → class → its cell. */
const tallies = new Map<string, Map<string, Tally>>();
const problems: string[] = [];

const TABLE_FILE = path.join(__dirname, 'results', 'fault-table.md');

/** The table as Markdown: a row per task and class, with firings, rounds and what went wrong. */
function faultTable(): string {
  const header = ['task', 'fault class', 'firings', 'rounds', 'edits lost', 'duplicated', 'mismatches', 'unrecorded'];
  const rows = [...tallies].flatMap(([task, classes]) =>
    FAULT_CLASSES.filter((c) => classes.has(c.name)).map((c) => {
      const t = classes.get(c.name) as Tally;
      return [task, c.name, t.firings, t.rounds, t.lost, t.duplicated, t.mismatches, t.unrecorded].map(String);
    }),
  );
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

beforeAll(async () => {
  editor = await connectAs('editor');
  people = { editor, admin: await connectAs('admin') };
  replay = await startTranslateReplay();
});

afterAll(async () => {
  await replay?.close();
  const table = faultTable();
  const title = `Fault suite, seed ${SEED}: each class at least ${MIN_FIRINGS} times per task`;
  fs.mkdirSync(path.dirname(TABLE_FILE), { recursive: true });
  fs.writeFileSync(TABLE_FILE, `# ${title}\n\n${table}\n${problems.length ? `\n${problems.join('\n')}\n` : ''}`);
  console.log([title, table, ...problems].join('\n'));
});

/** A class's rounds together: every copy run, and what was found wrong in each. */
interface ClassRun {
  rounds: CopyRun[];
  firings: number;
  differences: Difference[];
  /** Pages with bot revisions or reminders the ledger does not know. */
  unrecorded: WrittenPage[];
  /** Rounds whose result or outcomes differ from the reference's. */
  otherOutcomes: Array<{ got: { result: string; outcomes: string[] }; want: { result: string; outcomes: string[] } }>;
  /** Waits after a Retry-After shorter than asked (capped by maxRetryWaitMs). */
  tooSoon: Array<{ asked: number; waited: number }>;
}

function tallyClass(task: string, className: string, run: ClassRun): void {
  if (!tallies.has(task)) tallies.set(task, new Map());
  const unrecorded = run.unrecorded.reduce((sum, p) => sum + p.botRevisions - (p.ledgerKnown ?? 0) + (p.unrecordedReminders?.length ?? 0), 0);
  tallies.get(task)?.set(className, {
    rounds: run.rounds.length,
    firings: run.firings,
    lost: countDifferences(run.differences, 'lost'),
    duplicated: countDifferences(run.differences, 'duplicated'),
    mismatches: countDifferences(run.differences, 'mismatch'),
    unrecorded,
  });
  run.rounds.forEach(({ report }, round) => {
    if (report.error) problems.push(`  ${className} ${task}: round ${round + 1} ended ${report.result}: ${report.error}`);
  });
  for (const d of run.differences) problems.push(`  ${className} ${task}: ${d.kind} on ${d.page}: ${d.detail}`);
  for (const p of run.unrecorded) {
    problems.push(`  ${className} ${task}: ${p.page}: the ledger knows ${p.ledgerKnown} of ${p.botRevisions} bot revisions, not reminders ${p.unrecordedReminders}`);
  }
}

describe.each(reliabilityTasks.map((task) => [task.name, task] as const))('%s under faults', (name, task) => {
  const scenario = scenarios[name];
  if (!scenario) {
    it('has a reliability scenario', () => {
      throw new Error(`task "${name}" is registered but test/reliability/scenarios.ts has no scenario for it: add one`);
    });
    return;
  }

  const summaryOf = (run: CopyRun, personEdits: readonly PersonEdit[]) => ({
    result: run.report.result,
    outcomes: outcomeSummary({ ...run, personEdits: [...personEdits] }, COPY_PREFIX),
  });

  /** Rounds on fresh copies until the class has fired MIN_FIRINGS times (or MAX_ROUNDS were run). */
  const runClass = async (faultClass: FaultClass, reference: CopyRun): Promise<ClassRun> => {
    const run: ClassRun = { rounds: [], firings: 0, differences: [], unrecorded: [], otherOutcomes: [], tooSoon: [] };
    const maxWait = RELIABILITY_WIKI_SETTINGS.maxRetryWaitMs;
    while (run.firings < MIN_FIRINGS && run.rounds.length < MAX_ROUNDS) {
      const faulted = await runOnCopy(task, scenario, faultClass.name, faultClass.rules, [], run.rounds.length);
      run.rounds.push(faulted);
      run.firings += faulted.injected;
      run.differences.push(...(await differencesFromReference(task, scenario, faultClass.name, reference, faulted)));
      run.unrecorded.push(...faulted.pages.filter((p) => p.ledgerKnown !== p.botRevisions || p.unrecordedReminders?.length));
      const got = summaryOf(faulted, faulted.personEdits);
      const want = summaryOf(reference, faulted.personEdits);
      if (JSON.stringify(got) !== JSON.stringify(want)) run.otherOutcomes.push({ got, want });
      if (RETRIED_AFTER_WAITING.includes(faultClass.name)) run.tooSoon.push(...faulted.waitsAfterRetryAfter.filter((w) => w.waited < Math.min(w.asked, maxWait)));
    }
    tallyClass(name, faultClass.name, run);
    return run;
  };

  let reference: CopyRun;
  let classRuns: ClassRun[] = [];
  // Three classes at a time (the wiki serves four requests at once), each round on its own copy, ledger and proxy.
  beforeAll(async () => {
    reference = await runOnCopy(task, scenario, 'reference', []);
    classRuns = await inParallel(FAULT_CLASSES, 3, (faultClass) => runClass(faultClass, reference));
  }, 900_000);

  it('has a fault-free reference run that writes something', () => {
    expect(reference.report.error).toBeUndefined();
    expect(reference.pages.reduce((sum, p) => sum + p.botRevisions, 0)).toBeGreaterThan(0);
  });

  it.each(FAULT_CLASSES.map((c, index) => [c.name, index] as const))(
    `%s: fires at least ${MIN_FIRINGS} times; same pages, revisions, reminders and outcomes as without faults`,
    (_className, index) => {
      const run = classRuns[index];
      expect(run.firings).toBeGreaterThanOrEqual(MIN_FIRINGS);
      // Refused before the wiki acted: the client waits as long as Retry-After asks (capped by maxRetryWaitMs).
      expect(run.tooSoon).toEqual([]);
      expect(run.differences).toEqual([]);
      expect(run.unrecorded.map((p) => p.page)).toEqual([]);
      expect(run.otherOutcomes).toEqual([]);
    },
  );
});
