// The shutoff pages before saves, against the real local MediaWiki: read again only once the last
// read is safety.shutoffRecheckSeconds old, so saves without a throttle read them once per interval
// rather than once per save; a throttle at least as long reads before every save; and a shutoff
// switched on between saves stops the saves at most one interval later.
import type { Config } from '../../src/config/schema';
import { changeRules } from '../../src/core/run-loop';
import type { ChangeOutcome } from '../../src/core/planned-change';
import { prepareActions } from '../../src/core/prepare-changes';
import { SaveSession } from '../../src/core/save-session';
import type { Runtime } from '../../src/runtime';
import type { WikiClient } from '../../src/wiki/client';
import { appendTask, upsertNote } from '../support/append-task';
import { connectAs, humanEdit, openTestRuntime, testConfig, uniquePrefix } from '../support/local-wiki';

const tasks = [appendTask];

interface Traffic {
  /** When each read of the shutoff pages and each save was sent (Date.now()). */
  events: { kind: 'shutoff read' | 'save'; at: number }[];
  reads(): number[];
  saves(): number[];
}

/** Records, without changing them, the client's reads of the shutoff pages and its saves. */
function recordTraffic(wiki: WikiClient, shutoffPage: string, afterSave: (saves: number) => Promise<void> = async () => undefined): Traffic {
  const events: Traffic['events'] = [];
  const readPages = wiki.readPages.bind(wiki);
  const write = wiki.write.bind(wiki);
  jest.spyOn(wiki, 'readPages').mockImplementation(async (titles) => {
    if (titles.includes(shutoffPage)) events.push({ kind: 'shutoff read', at: Date.now() });
    return readPages(titles);
  });
  jest.spyOn(wiki, 'write').mockImplementation(async (params) => {
    events.push({ kind: 'save', at: Date.now() });
    const response = await write(params);
    await afterSave(events.filter((e) => e.kind === 'save').length);
    return response;
  });
  const times = (kind: string) => events.filter((e) => e.kind === kind).map((e) => e.at);
  return { events, reads: () => times('shutoff read'), saves: () => times('save') };
}

function configFor(safety: Partial<Config['safety']>): Config {
  return testConfig(tasks, (c) => ({ ...c, safety: { ...c.safety, ...safety } }));
}

/** Saves a note on each page through one SaveSession, as a run of test-append would. */
async function saveNotes(runtime: Runtime, pages: readonly string[]): Promise<{ outcomes: ChangeOutcome[]; saving: SaveSession }> {
  const { safety } = runtime.config;
  const rules = changeRules(runtime.config, 'test-append', runtime.wiki);
  const actions = pages.map((title) => ({
    kind: 'edit' as const,
    title,
    summary: 'Noting',
    regions: ['test-note'],
    transform: (text: string) => upsertNote(text, 'Checked by deptbot.'),
  }));
  const { ready } = await prepareActions(runtime.wiki, runtime.ledger, actions, rules, 50);
  const saving = new SaveSession(runtime.wiki, runtime.ledger, {
    ...rules,
    shutoffPage: safety.shutoffPage,
    shutoffRecheckMs: safety.shutoffRecheckSeconds * 1000,
    throttleMs: safety.throttleSeconds * 1000,
    editBudget: 100,
    conflictRetries: 3,
    runId: runtime.ledger.startRun('test-append', 'cli', false, new Date()),
    clock: () => new Date(),
    log: runtime.log,
  });
  const outcomes: ChangeOutcome[] = [];
  for await (const outcome of saving.savePart(ready)) outcomes.push(outcome);
  return { outcomes, saving };
}

let editor: WikiClient;

beforeAll(async () => {
  editor = await connectAs('editor');
});

afterEach(() => jest.restoreAllMocks());

async function makePages(prefix: string, count: number): Promise<string[]> {
  const titles = Array.from({ length: count }, (_, i) => `${prefix}Page ${i + 1}`);
  for (const title of titles) await humanEdit(editor, title, 'Department page text.\n');
  return titles;
}

interface World {
  pages: string[];
  shutoffPage: string;
  runtime: Runtime;
}

/** `count` pages of its own, a shutoff page of its own and a runtime with `safety`, closed afterwards. */
async function inWorld(name: string, count: number, safety: Partial<Config['safety']>, body: (world: World) => Promise<void>): Promise<void> {
  const prefix = uniquePrefix(name);
  const pages = await makePages(prefix, count);
  const shutoffPage = `User:DeptBot/Shutoff ${prefix.replace(/\//g, ' ').trim()}`;
  const runtime = await openTestRuntime({ tasks, config: configFor({ ...safety, shutoffPage }) });
  try {
    await body({ pages, shutoffPage, runtime });
  } finally {
    runtime.close();
  }
}

const intervalMs = 1000;

it('without a throttle the shutoff pages are read once per interval, not once per save', async () => {
  await inWorld('recheck-free', 24, { throttleSeconds: 0, shutoffRecheckSeconds: intervalMs / 1000 }, async ({ pages, shutoffPage, runtime }) => {
    const traffic = recordTraffic(runtime.wiki, shutoffPage);
    const started = Date.now();
    const { outcomes } = await saveNotes(runtime, pages);
    const elapsed = Date.now() - started;

    expect(outcomes.map((o) => o.status)).toEqual(pages.map(() => 'edited'));
    const reads = traffic.reads();
    expect(traffic.saves()).toHaveLength(pages.length);
    // The first save is preceded by a read; after that one read per interval at most.
    expect(traffic.events[0].kind).toBe('shutoff read');
    expect(reads.length).toBeLessThanOrEqual(Math.ceil(elapsed / intervalMs));
    expect(reads.length).toBeLessThan(pages.length);
    for (let i = 1; i < reads.length; i++) expect(reads[i] - reads[i - 1]).toBeGreaterThanOrEqual(intervalMs);
    // And no save leaves more than one interval (plus the check's own moment) after the last read.
    for (const save of traffic.saves()) {
      const lastRead = Math.max(...reads.filter((read) => read <= save));
      expect(save - lastRead).toBeLessThan(intervalMs + 200);
    }
  });
});

it('with a throttle at least as long as the interval, every save is preceded by its own read', async () => {
  await inWorld('recheck-throttled', 4, { throttleSeconds: 1, shutoffRecheckSeconds: 1 }, async ({ pages, shutoffPage, runtime }) => {
    const traffic = recordTraffic(runtime.wiki, shutoffPage);
    const { outcomes } = await saveNotes(runtime, pages);

    expect(outcomes.map((o) => o.status)).toEqual(pages.map(() => 'edited'));
    expect(traffic.events.map((e) => e.kind)).toEqual(pages.flatMap(() => ['shutoff read', 'save']));
  });
});

it('a shutoff switched on between saves stops the saves at most one interval later', async () => {
  await inWorld('recheck-stop', 30, { throttleSeconds: 0, shutoffRecheckSeconds: intervalMs / 1000 }, async ({ pages, shutoffPage, runtime }) => {
    let switchedOnAt = 0;
    const traffic = recordTraffic(runtime.wiki, shutoffPage, async (saves) => {
      // The saves after the switch take 100 ms each, so that the run outlasts an interval on any
      // machine: unpaced, the 28 left could all go out within one interval of the last read (a CI
      // run saw that), and the run ended before the shutoff pages were due to be read again.
      if (saves > 2) await new Promise((resolve) => setTimeout(resolve, 100));
      if (saves !== 2) return;
      await humanEdit(editor, `${shutoffPage}/test-append`, 'Stop: the notes are wrong. ~~~~');
      switchedOnAt = Date.now();
    });
    const { outcomes, saving } = await saveNotes(runtime, pages);

    expect(saving.ended).toMatchObject({ kind: 'shutoff', page: `${shutoffPage}/test-append` });
    const saves = traffic.saves();
    expect(saves.length).toBeGreaterThanOrEqual(2);
    expect(saves.length).toBeLessThan(pages.length);
    // The last read before the switch, and the one after it that saw the shutoff: no save followed
    // that one, and the saves after the switch all left within one interval of the read before it.
    const reads = traffic.reads();
    const [before, stopping] = reads.slice(-2);
    expect(before).toBeLessThan(switchedOnAt);
    expect(stopping).toBeGreaterThan(switchedOnAt);
    expect(stopping - before).toBeGreaterThanOrEqual(intervalMs);
    expect(saves.filter((at) => at > stopping)).toEqual([]);
    for (const save of saves.filter((at) => at > switchedOnAt)) expect(save - before).toBeLessThan(intervalMs + 200);
    expect(outcomes.filter((o) => o.status === 'edited')).toHaveLength(saves.length);
    expect(outcomes.filter((o) => o.status === 'not-reached')).toHaveLength(pages.length - saves.length);
  });
});
