// Fault suite (issue 8, part 1): every registered task, and test-append, runs through the fault
// proxy under each fault class on its own copy of its pages, and the wiki's final state is compared
// with a fault-free run on another copy: no edit lost, none duplicated, no page damaged, and every
// bot revision known to the ledger. Seeded: DEPTBOT_FAULT_SEED picks another sequence of faults.
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
 * One class of faults alone: always on the run's first save (so that every task meets it where it
 * matters most), then on any request by chance. maxCount stays below the retries that absorb the
 * fault (wiki.maxRetries = 5 for the client's own retries; safety.conflictRetries = 3 for a save
 * whose answer was lost or that met a conflict), so a bot that recovers correctly never runs out.
 */
function faultClass(name: FaultKind, chance: Omit<FaultRule, 'fault'>, details: Partial<FaultRule> = {}): FaultClass {
  return {
    name,
    rules: [
      { fault: name, actions: ['edit'], writes: true, maxCount: 1, ...details },
      { fault: name, ...chance, ...details },
    ],
  };
}

const FAULT_CLASSES: readonly FaultClass[] = [
  faultClass('maxlag', { probability: 0.3, maxCount: 4 }, { retryAfterSeconds: 1 }),
  faultClass('http-503', { probability: 0.3, maxCount: 2 }, { retryAfterSeconds: 1 }),
  faultClass('http-429', { probability: 0.3, maxCount: 4 }, { retryAfterSeconds: 1 }),
  faultClass('ratelimited', { probability: 0.3, maxCount: 4 }),
  faultClass('badtoken', { writes: true, probability: 0.5, maxCount: 4 }),
  // Not on action=login itself: a login that loses its own session is a failed login, not a lost session.
  faultClass('session-lost', { actions: ['query', 'edit'], probability: 0.3, maxCount: 4 }),
  faultClass('drop-before', { probability: 0.2, maxCount: 2 }),
  faultClass('drop-after', { probability: 0.2, maxCount: 2 }),
  // wiki.timeoutMs is 2000 in these runs: some answers come late, others after the client gave up.
  faultClass('slow', { probability: 0.3, maxCount: 2 }, { delayMs: { min: 500, max: 3500 } }),
  // Saves that reach the wiki after the client gave up on them (and may have sent them again).
  faultClass('late', { writes: true, probability: 0.3, maxCount: 2 }, { delayMs: { min: 2200, max: 3200 } }),
  // One person's edit per page, so that the reference with that edit made first is exact.
  faultClass('concurrent-edit', { actions: ['edit'], writes: true, probability: 0.5, maxCount: 2 }, { maxPerTitle: 1 }),
];

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

async function runOnCopy(task: Task, scenario: Scenario, name: string, rules: readonly FaultRule[], personEditsFirst: readonly PersonEdit[] = []): Promise<CopyRun> {
  const copy = await prepareCopy(people, task, scenario, `faults ${task.name} ${name}`);
  for (const edit of personEditsFirst) await editAsPerson(editor, edit.page.split('<prefix>').join(copy.prefix), edit.where);
  const personEdits: PersonEdit[] = [];
  const proxy = await startFaultProxy({
    target: (scenario.usesTranslate ? replay.apiUrl : readCredentials().apiUrl).replace(/\/api\.php$/, ''),
    seed: SEED + FAULT_CLASSES.findIndex((c) => c.name === name) + 1,
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

interface Tally {
  faults: number;
  lost: number;
  duplicated: number;
  mismatches: number;
  unrecorded: number;
}

const tallies = new Map<string, Tally>();
const problems: string[] = [];

function tally(name: string): Tally {
  if (!tallies.has(name)) tallies.set(name, { faults: 0, lost: 0, duplicated: 0, mismatches: 0, unrecorded: 0 });
  return tallies.get(name) as Tally;
}

beforeAll(async () => {
  editor = await connectAs('editor');
  people = { editor, admin: await connectAs('admin') };
  replay = await startTranslateReplay();
});

afterAll(async () => {
  await replay?.close();
  const rows = FAULT_CLASSES.filter((c) => tallies.has(c.name)).map((c) => [c.name, tally(c.name)] as const).map(
    ([name, t]) =>
      `${name.padEnd(16)} ${String(t.faults).padStart(6)} ${String(t.lost).padStart(10)} ${String(t.duplicated).padStart(10)} ${String(t.mismatches).padStart(10)} ${String(t.unrecorded).padStart(10)}`,
  );
  console.log(
    [
      `fault suite, seed ${SEED}, tasks: ${reliabilityTasks.map((t) => t.name).join(', ')}`,
      `${'class'.padEnd(16)} ${'faults'.padStart(6)} ${'edits lost'.padStart(10)} ${'duplicated'.padStart(10)} ${'mismatches'.padStart(10)} ${'unrecorded'.padStart(10)}`,
      ...rows,
      ...problems,
    ].join('\n'),
  );
});

describe.each(reliabilityTasks.map((task) => [task.name, task] as const))('%s under faults', (name, task) => {
  const scenario = scenarios[name];
  if (!scenario) {
    it('has a reliability scenario', () => {
      throw new Error(`task "${name}" is registered but test/reliability/scenarios.ts has no scenario for it: add one`);
    });
    return;
  }

  interface ClassRun {
    faulted: CopyRun;
    differences: Difference[];
    /** Pages with bot revisions or reminders the ledger does not know. */
    unrecorded: WrittenPage[];
  }

  const runClass = async (faultClass: FaultClass, reference: CopyRun): Promise<ClassRun> => {
    const faulted = await runOnCopy(task, scenario, faultClass.name, faultClass.rules);
    const differences = await differencesFromReference(task, scenario, faultClass.name, reference, faulted);
    const unrecorded = faulted.pages.filter((p) => p.ledgerKnown !== p.botRevisions || p.unrecordedReminders?.length);
    const t = tally(faultClass.name);
    t.faults += faulted.injected;
    t.lost += countDifferences(differences, 'lost');
    t.duplicated += countDifferences(differences, 'duplicated');
    t.mismatches += countDifferences(differences, 'mismatch');
    t.unrecorded += unrecorded.reduce((sum, p) => sum + p.botRevisions - (p.ledgerKnown ?? 0) + (p.unrecordedReminders?.length ?? 0), 0);
    for (const d of differences) problems.push(`  ${faultClass.name} ${name}: ${d.kind} on ${d.page}: ${d.detail}`);
    for (const p of unrecorded) {
      problems.push(`  ${faultClass.name} ${name}: ${p.page}: the ledger knows ${p.ledgerKnown} of ${p.botRevisions} bot revisions, not reminders ${p.unrecordedReminders}`);
    }
    return { faulted, differences, unrecorded };
  };

  let reference: CopyRun;
  let classRuns: ClassRun[] = [];
  // Two classes at a time, each on its own copy, ledger and proxy.
  beforeAll(async () => {
    reference = await runOnCopy(task, scenario, 'reference', []);
    classRuns = await inParallel(FAULT_CLASSES, 2, (faultClass) => runClass(faultClass, reference));
  }, 600_000);

  it('has a fault-free reference run that writes something', () => {
    expect(reference.report.error).toBeUndefined();
    expect(reference.pages.reduce((sum, p) => sum + p.botRevisions, 0)).toBeGreaterThan(0);
  });

  it.each(FAULT_CLASSES.map((c, index) => [c.name, index] as const))('%s: same pages, revisions and reminders as without faults', (className, index) => {
    const { faulted, differences, unrecorded } = classRuns[index];
    expect(faulted.injected).toBeGreaterThan(0);
    if (RETRIED_AFTER_WAITING.includes(className)) {
      // Refused before the wiki acted: the client waits as long as Retry-After asks (capped by maxRetryWaitMs).
      const tooSoon = faulted.waitsAfterRetryAfter.filter((w) => w.waited < Math.min(w.asked, RELIABILITY_WIKI_SETTINGS.maxRetryWaitMs));
      expect(tooSoon).toEqual([]);
    }
    expect(differences).toEqual([]);
    expect(unrecorded.map((p) => p.page)).toEqual([]);
    expect({ result: faulted.report.result, outcomes: outcomeSummary(faulted, COPY_PREFIX) }).toEqual({
      result: reference.report.result,
      outcomes: outcomeSummary({ ...reference, personEdits: faulted.personEdits }, COPY_PREFIX),
    });
  });
});
