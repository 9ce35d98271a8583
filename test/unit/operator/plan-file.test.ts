import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../../src/core/errors';
import {
  PLAN_FILE_FORMAT,
  PLAN_FILE_VERSION,
  PlanFileWriter,
  readPlanFile,
  staleReason,
  type SavedChange,
} from '../../../src/core/plan-file';
import type { PlannedChange } from '../../../src/core/planned-change';
import type { TaskRunReport } from '../../../src/core/run-loop';
import type { PageState } from '../../../src/wiki/client';
import { tempFile } from '../../support/local-wiki';

const source = { apiUrl: 'http://wiki/api.php', botName: 'DeptBot', createdAt: new Date('2026-03-01T10:00:03Z') };

function edit(title: string, baseRevId: number | null): PlannedChange {
  return {
    kind: 'edit',
    title,
    summary: `Doing a thing to ${title} ([[User:DeptBot/Tasks#alpha|deptbot alpha]])`,
    baseRevId,
    baseTimestamp: baseRevId === null ? null : '2026-02-01T00:00:00Z',
    oldText: `old text of ${title}, not saved in the file`,
    newText: `new text of ${title}\nwith "quotes", a tab\tand ünïcode`,
    minor: false,
    records: [{ kind: 'task-state', key: `k:${title}`, value: { n: 1 } }],
  };
}

const section: PlannedChange = {
  kind: 'new-section',
  title: 'Talk:Page A',
  summary: 'Reminder',
  baseRevId: 50,
  baseTimestamp: '2026-02-02T00:00:00Z',
  oldText: 'an old talk page',
  newText: 'Hello <!-- deptbot:alpha:1 --> ~~~~',
  minor: true,
  sectionTitle: 'A reminder',
  dedupeKey: 'alpha:1',
  records: [],
};

/** A dry-run's parts: two with changes, an empty one (a part may prepare to nothing), one more. */
const parts: PlannedChange[][] = [[edit('Page A', 41), section], [edit('Page B', 42)], [], [edit('Page C', null)]];

const alphaEnd: Pick<TaskRunReport, 'runId' | 'startedAt' | 'records' | 'notes'> = {
  runId: 12,
  startedAt: '2026-03-01T10:00:00.000Z',
  records: [{ kind: 'signal', signal: { type: 't', page: 'Page A', key: 's1', data: { x: 1 } } }],
  notes: ['a note'],
};

/** What the file keeps of a change: everything but the text before it. */
function saved({ oldText: _oldText, ...change }: PlannedChange): SavedChange {
  return change;
}

/** Writes a plan of task "alpha" (the parts above) and an empty task "beta"; returns its change count. */
function writePlan(file: string): number {
  const writer = PlanFileWriter.open(file, source);
  writer.beginTask('alpha');
  for (const part of parts) writer.addChanges(part);
  writer.endTask(alphaEnd);
  writer.beginTask('beta');
  writer.endTask({ runId: 13, startedAt: '2026-03-01T10:00:02.000Z', records: [], notes: [] });
  return writer.finish();
}

/** The files in a folder other than `keep`: a temporary file left behind shows up here. */
function othersIn(dir: string, keep: string): string[] {
  return fs.readdirSync(dir).filter((name) => name !== keep);
}

describe('plan files', () => {
  it('written part by part, reads back as what was planned, with nothing left beside it', () => {
    const file = tempFile('plan.json');

    const total = writePlan(file);

    expect(total).toBe(4);
    expect(readPlanFile(file)).toEqual({
      format: PLAN_FILE_FORMAT,
      version: PLAN_FILE_VERSION,
      createdAt: '2026-03-01T10:00:03.000Z',
      apiUrl: 'http://wiki/api.php',
      botName: 'DeptBot',
      tasks: [
        {
          task: 'alpha',
          plannedRunId: 12,
          plannedAt: alphaEnd.startedAt,
          changes: parts.flat().map(saved),
          records: alphaEnd.records,
          notes: ['a note'],
        },
        { task: 'beta', plannedRunId: 13, plannedAt: '2026-03-01T10:00:02.000Z', changes: [], records: [], notes: [] },
      ],
    });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('not saved in the file');
    // Laid out as JSON.stringify(…, null, 2) would (in the order written), so people can read and diff it.
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(othersIn(path.dirname(file), 'plan.json')).toEqual([]);
  });

  it('puts each part on disk as it arrives, and the file in place only when finished', () => {
    const file = tempFile('plan.json');
    const dir = path.dirname(file);
    const writer = PlanFileWriter.open(file, source);
    writer.beginTask('alpha');
    const unfinished = () => {
      const [temp, ...more] = othersIn(dir, 'plan.json');
      expect(more).toEqual([]);
      return fs.readFileSync(path.join(dir, temp), 'utf8');
    };

    writer.addChanges(parts[0]);
    expect(unfinished()).toContain(JSON.stringify(parts[0][1].newText));
    expect(unfinished()).not.toContain(JSON.stringify(parts[1][0].newText));
    writer.addChanges(parts[1]);
    expect(unfinished()).toContain(JSON.stringify(parts[1][0].newText));
    expect(fs.existsSync(file)).toBe(false);

    writer.endTask(alphaEnd);
    writer.finish();
    expect(readPlanFile(file).tasks[0].changes.map((c) => c.title)).toEqual(['Page A', 'Talk:Page A', 'Page B']);
    expect(othersIn(dir, 'plan.json')).toEqual([]);
  });

  it.each([
    ['no file before', null],
    ['an earlier plan', '{"an": "earlier plan"}\n'],
  ])('aborted part-way, leaves the target as it was (%s) and nothing beside it', (_case, earlier) => {
    const file = tempFile('plan.json');
    if (earlier !== null) fs.writeFileSync(file, earlier);
    const writer = PlanFileWriter.open(file, source);
    writer.beginTask('alpha');
    writer.addChanges(parts[0]);

    writer.abort();

    expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null).toBe(earlier);
    expect(othersIn(path.dirname(file), 'plan.json')).toEqual([]);
  });

  it('a change that cannot be written throws, and aborting then keeps the earlier plan', () => {
    const file = tempFile('plan.json');
    writePlan(file);
    const earlier = fs.readFileSync(file, 'utf8');
    const writer = PlanFileWriter.open(file, { ...source, createdAt: new Date('2026-03-02T00:00:00Z') });
    writer.beginTask('alpha');
    writer.addChanges(parts[0]);
    const unwritable: PlannedChange = { ...edit('Page D', 7), records: [{ kind: 'task-state', key: 'k', value: BigInt(1) }] };

    expect(() => writer.addChanges([unwritable])).toThrow(/BigInt/);
    writer.abort();

    expect(fs.readFileSync(file, 'utf8')).toBe(earlier);
    expect(othersIn(path.dirname(file), 'plan.json')).toEqual([]);
  });

  it('a folder that does not exist is a usage error naming the file', () => {
    const file = path.join(path.dirname(tempFile('x')), 'no-such-folder', 'plan.json');

    expect(() => PlanFileWriter.open(file, source)).toThrow(UsageError);
    expect(() => PlanFileWriter.open(file, source)).toThrow(`${file}: cannot be written (ENOENT)`);
  });

  it.each([
    ['a missing file', null, /cannot be read \(ENOENT\)/],
    ['not JSON', '{oops', /not valid JSON/],
    ['another JSON document', '{"format":"something"}', /not a deptbot plan \(format: /],
    ['a change without its base revision', 'BROKEN_CHANGE', /not a deptbot plan \(tasks\[0\]\.changes\[0\]\.baseRevId: /],
  ])('refuses %s with a usage error naming the file', (_case, content, message) => {
    const file = tempFile('plan.json');
    if (content === 'BROKEN_CHANGE') {
      writePlan(file);
      const broken = JSON.parse(fs.readFileSync(file, 'utf8'));
      delete broken.tasks[0].changes[0].baseRevId;
      fs.writeFileSync(file, JSON.stringify(broken));
    } else if (content !== null) {
      fs.writeFileSync(file, content);
    }
    let caught: unknown;
    try {
      readPlanFile(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message.startsWith(file)).toBe(true);
  });
});

describe('staleReason', () => {
  const change = (baseRevId: number | null): SavedChange => ({
    kind: 'edit',
    title: 'Page A',
    summary: 's',
    baseRevId,
    baseTimestamp: null,
    newText: 'x',
    minor: false,
    records: [],
  });
  const page = (exists: boolean, revId: number | null): PageState => ({
    title: 'Page A',
    namespace: 0,
    exists,
    revId,
    timestamp: null,
    lastEditor: null,
    text: exists ? 't' : null,
    contentModel: exists ? 'wikitext' : null,
    isRedirect: false,
    protection: [],
  });

  it.each([
    ['unchanged', change(41), page(true, 41), null],
    ['edited since', change(41), page(true, 45), '"Page A" changed since the plan was made (revision 41 → 45); re-plan it'],
    ['deleted since', change(41), page(false, null), '"Page A" was deleted since the plan was made; re-plan it'],
    ['still missing, to be created', change(null), page(false, null), null],
    ['created since', change(null), page(true, 7), '"Page A" was created since the plan was made (revision 7); re-plan it'],
    ['not returned', change(41), undefined, 'the wiki did not return "Page A"'],
  ])('%s', (_case, saved, current, reason) => {
    expect(staleReason(saved, current)).toBe(reason);
  });
});
