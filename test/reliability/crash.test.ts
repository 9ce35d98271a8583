// Crash suite (issue 8, part 2): the bot runs as a child process behind the fault proxy, which kills
// it with SIGKILL at seeded requests of a run of every task (and test-append): before a request
// reaches the wiki, or after the wiki answered and before the bot read the answer. A second run
// then goes to completion on the same copy and ledger, and is compared with an uninterrupted run:
// the same pages, no duplicate reminder, and a consistent ledger. DEPTBOT_CRASH_SEED picks other points.
import { Ledger } from '../../src/ledger/ledger';
import type { Task } from '../../src/core/task';
import type { WikiClient } from '../../src/wiki/client';
import type { ProxiedRequest } from '../support/fault-proxy';
import { seededRandom } from '../support/seeded-random';
import { connectAs, readCredentials } from '../support/local-wiki';
import { startTranslateReplay, type TranslateReplay } from '../support/translate-replay';
import { buildChildRunner } from './build-child';
import { inParallel } from './in-parallel';
import { runChild, type ChildRun } from './child-process';
import { prepareCopy, type People, type ScenarioCopy } from './prepare-copy';
import { RUN_CLOCK, RUN_PAGES_PER_PART, reliabilityTasks, scenarios, type Scenario } from './scenarios';
import { compareWrittenPages, normalise, readWrittenPages, type WrittenPage } from './wiki-state';
import { registeredTaskLedgers } from '../../tasks';

const SEED = Number(process.env.DEPTBOT_CRASH_SEED ?? 20261121);
/** At least 30 points in all, shared out over the tasks. */
const POINTS_PER_TASK = Math.ceil(32 / reliabilityTasks.length);
const BOT_NAME = readCredentials().bot.username.split('@')[0];

/** The children wait for answers as long as a real run would: a retry would move the crash points. */
const CHILD_WIKI_SETTINGS = { timeoutMs: 30_000 };

interface CrashPoint {
  mode: 'kill-before' | 'kill-after';
  /** The request of the uninterrupted run at which the bot is killed. */
  request: ProxiedRequest;
}

/**
 * Seeded points, most telling first: after a save reached the wiki (the bot never learns it saved),
 * before a save, then any other request (login, reads, the shutoff check).
 */
function chooseCrashPoints(requests: readonly ProxiedRequest[], count: number, seed: number): CrashPoint[] {
  const random = seededRandom(seed);
  const shuffled = (points: CrashPoint[]) => points.map((p) => [random(), p] as const).sort((a, b) => a[0] - b[0]).map(([, p]) => p);
  const writes = requests.filter((r) => r.isWrite);
  const tiers = [
    shuffled(writes.map((request) => ({ mode: 'kill-after', request }))),
    shuffled(writes.map((request) => ({ mode: 'kill-before', request }))),
    shuffled(requests.filter((r) => !r.isWrite).map((request) => ({ mode: random() < 0.5 ? 'kill-before' : 'kill-after', request }))),
  ];
  return tiers.flat().slice(0, count).sort((a, b) => a.request.n - b.request.n);
}

function describeRequest(request: ProxiedRequest, prefix: string): string {
  return `${request.method} ${request.action}${request.title ? ` ${normalise(request.title, prefix)}` : ''}`;
}

let runner: string;
let people: People;
let editor: WikiClient;
let replay: TranslateReplay;
const printed: string[] = [];
let pointsRun = 0;
let pointsWithProblems = 0;

beforeAll(async () => {
  runner = buildChildRunner();
  editor = await connectAs('editor');
  people = { editor, admin: await connectAs('admin') };
  replay = await startTranslateReplay();
}, 120_000);

afterAll(async () => {
  await replay?.close();
  console.log([`crash suite, seed ${SEED}: ${pointsRun} crash points, ${pointsWithProblems} with mismatches`, ...printed].join('\n'));
});

interface Settled {
  copy: ScenarioCopy;
  run: ChildRun;
  pages: WrittenPage[];
  /** Runs of the task that the ledger holds as started but never finished. */
  unfinishedRuns: number[];
  firstRunId: number | undefined;
}

async function settle(copy: ScenarioCopy, run: ChildRun, task: Task): Promise<Settled> {
  const ledger = Ledger.open(copy.config.ledger, registeredTaskLedgers);
  try {
    const runs = ledger.recentRuns(100, task.name);
    return {
      copy,
      run,
      pages: await readWrittenPages(editor, copy.pages, copy.prefix, BOT_NAME, ledger),
      unfinishedRuns: runs.filter((r) => r.endedAt === null).map((r) => r.id),
      firstRunId: runs.length ? Math.min(...runs.map((r) => r.id)) : undefined,
    };
  } finally {
    ledger.close();
  }
}

/** Where the bot was killed: none for the uninterrupted run; else the page of a save in flight, if any. */
interface Kill {
  /** The save the wiki made and the bot never heard of (killed after the wiki answered), prefix normalised. */
  inFlightPage: string | null;
}

/** What is wrong with the ledger after the recovery run: at most the killed run unfinished, every bot revision and reminder known. */
function ledgerProblems(settled: Settled, kill: Kill | null): string[] {
  const problems: string[] = [];
  const allowedUnfinished = kill && settled.firstRunId !== undefined ? [settled.firstRunId] : [];
  for (const id of settled.unfinishedRuns.filter((id) => !allowedUnfinished.includes(id))) problems.push(`run ${id} was left unfinished`);
  // The save in flight when the bot was killed after the wiki answered: the recovery run finds it
  // made (the transform has nothing to do), so only the wiki's history knows it. At most that one.
  const inFlight = kill?.inFlightPage ?? null;
  for (const page of settled.pages) {
    const unknown = page.botRevisions - (page.ledgerKnown ?? 0);
    const allowed = page.page === inFlight ? 1 : 0;
    if (unknown > allowed) problems.push(`${page.page}: the ledger knows ${page.ledgerKnown} of ${page.botRevisions} bot revisions`);
    for (const key of page.unrecordedReminders ?? []) problems.push(`${page.page}: reminder ${normalise(key, settled.copy.prefix)} is on the wiki but not in the ledger`);
  }
  return problems;
}

describe.each(reliabilityTasks.map((task) => [task.name, task] as const))('%s killed at seeded points', (name, task) => {
  const scenario: Scenario | undefined = scenarios[name];
  if (!scenario) {
    it('has a reliability scenario', () => {
      throw new Error(`task "${name}" is registered but test/reliability/scenarios.ts has no scenario for it: add one`);
    });
    return;
  }
  const target = () => (scenario.usesTranslate ? replay.apiUrl : readCredentials().apiUrl).replace(/\/api\.php$/, '');
  const spec = (copy: ScenarioCopy) => ({ task: name, config: copy.config, now: RUN_CLOCK.toISOString(), pagesPerPart: RUN_PAGES_PER_PART });
  const taskSeed = SEED + reliabilityTasks.indexOf(task);

  const crashAndRecover = async (point: CrashPoint, reference: Settled): Promise<string[]> => {
    const copy = await prepareCopy(people, task, scenario, `crash ${name} ${point.request.n}`, CHILD_WIKI_SETTINGS);
    const killed = await runChild(runner, spec(copy), { target: target(), seed: taskSeed, rules: [{ fault: point.mode, atRequest: point.request.n }] });
    const recovery = await runChild(runner, spec(copy), { target: target(), seed: taskSeed });
    const settled = await settle(copy, recovery, task);
    const problems: string[] = [];
    const killedAt = killed.requests[point.request.n - 1];
    if (killed.signal !== 'SIGKILL') problems.push(`not killed: the run ended with code ${killed.exitCode} after ${killed.requests.length} requests`);
    else if (describeRequest(killedAt, copy.prefix) !== describeRequest(point.request, reference.copy.prefix)) {
      problems.push(`killed at ${describeRequest(killedAt, copy.prefix)}, not where the uninterrupted run was`);
    }
    if (recovery.exitCode !== 0) problems.push(`the second run failed (${recovery.exitCode}): ${recovery.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    else if (recovery.result?.result !== reference.run.result?.result) {
      problems.push(`the second run ended "${recovery.result?.result}", the uninterrupted one "${reference.run.result?.result}"`);
    }
    for (const d of compareWrittenPages(reference.pages, settled.pages)) problems.push(`${d.kind} on ${d.page}: ${d.detail}`);
    const inFlightPage = point.mode === 'kill-after' && point.request.isWrite ? normalise(point.request.title ?? '', reference.copy.prefix) : null;
    problems.push(...ledgerProblems(settled, { inFlightPage }));
    return problems;
  };

  let reference: Settled;
  let points: CrashPoint[] = [];
  let problemsAt: string[][] = [];

  // The points run two at a time (each on its own copy and ledger): the children mostly wait for the wiki.
  beforeAll(async () => {
    const copy = await prepareCopy(people, task, scenario, `crash ${name} reference`, CHILD_WIKI_SETTINGS);
    reference = await settle(copy, await runChild(runner, spec(copy), { target: target(), seed: taskSeed }), task);
    points = chooseCrashPoints(reference.run.requests, POINTS_PER_TASK, taskSeed);
    problemsAt = await inParallel(points, 2, (point) => crashAndRecover(point, reference));
    points.forEach((point, index) => {
      const where = `${point.mode} at request ${point.request.n} (${describeRequest(point.request, reference.copy.prefix)})`;
      printed.push(`  ${name} ${where}: ${problemsAt[index].length ? problemsAt[index].join('; ') : 'recovered'}`);
    });
    pointsRun += points.length;
    pointsWithProblems += problemsAt.filter((p) => p.length).length;
  }, 600_000);

  it('has an uninterrupted reference run that saves something and leaves a consistent ledger', () => {
    expect({ exit: reference.run.exitCode, stderr: reference.run.exitCode === 0 ? '' : reference.run.stderr }).toEqual({ exit: 0, stderr: '' });
    expect(reference.run.requests.some((r) => r.isWrite)).toBe(true);
    expect(ledgerProblems(reference, null)).toEqual([]);
  });

  it.each(Array.from({ length: POINTS_PER_TASK }, (_, i) => i + 1))(
    `crash point %i of ${POINTS_PER_TASK}: a second run ends as an uninterrupted one, with a consistent ledger`,
    (index) => {
      if (!points[index - 1]) throw new Error(`the uninterrupted run made only ${reference.run.requests.length} requests: no point ${index}`);
      expect(problemsAt[index - 1]).toEqual([]);
    },
  );
});
