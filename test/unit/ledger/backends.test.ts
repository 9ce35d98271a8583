// The ledger's rules on both backends, SQLite and the tests' MariaDB server: the same migrations,
// every write in one transaction (all of it or nothing), records kept once per key, keys compared
// exactly (case and all), and a task's read refused when it would write.
import { Ledger } from '../../../src/ledger/ledger';
import { ledgerLocation, openBackend } from '../../../src/ledger/ledger-location';
import type { EditRow } from '../../../src/ledger/records';
import { MIGRATIONS } from '../../../src/ledger/migrations';
import { registeredTaskLedgers } from '../../../tasks';
import { latestSnapshots } from '../../../tasks/translation-status/ledger';
import { LEDGER_BACKENDS, testLedgerSettings } from '../../support/test-ledger';

const AT = new Date('2026-12-01T10:00:00Z');

function edit(runId: number, page: string): EditRow {
  return { runId, task: 'talk-reminders', page, kind: 'new-section', oldRevId: 1, newRevId: 2, summary: 'reminder', madeAt: AT.toISOString() };
}

describe.each(LEDGER_BACKENDS)('the ledger on %s', (backend) => {
  let ledger: Ledger;
  let runId: number;
  beforeEach(() => {
    ledger = Ledger.open(testLedgerSettings(backend), registeredTaskLedgers);
    runId = ledger.startRun('talk-reminders', 'cli', false, AT);
  });
  afterEach(() => ledger.close());

  it('is at the latest schema version, with each task table migrated, and says which backend it is', () => {
    expect(ledger.backend.kind).toBe(backend);
    expect(ledger.schemaVersion).toBe(MIGRATIONS.length);
    expect(ledger.taskSchemaVersion('translation-status')).toBe(1);
  });

  it('records an edit with its reminder and records in one transaction, and nothing of it when a record is bad', () => {
    ledger.recordEdit(edit(runId, 'Talk:A'), [{ kind: 'task-state', key: 'k', value: 1 }], 'reminder:a');
    expect(() => ledger.recordEdit(edit(runId, 'Talk:B'), [{ kind: 'no-such-kind' } as never], 'reminder:b')).toThrow(/no task declares/);

    expect(ledger.editsOn('Talk:A')).toHaveLength(1);
    expect(ledger.reminder('reminder:a')?.talkPage).toBe('Talk:A');
    expect(ledger.editsOn('Talk:B')).toEqual([]);
    expect(ledger.reminder('reminder:b')).toBeUndefined();
    expect(ledger.taskState('talk-reminders', 'k')).toBe(1);
  });

  it('keeps a reminder and a signal once per key, replaces task state, and compares keys exactly', () => {
    // From a task that declares no signals (its data is not checked: signal-validation.test.ts covers that).
    const signal = { kind: 'signal' as const, signal: { type: 'banner-removed', page: 'P', key: 'sig', data: { n: 1 } } };
    ledger.recordAll(runId, 't', AT, [signal, { ...signal, signal: { ...signal.signal, data: { n: 2 } } }, { ...signal, signal: { ...signal.signal, key: 'SIG' } }]);
    ledger.recordReminder({ key: 'r', task: 't', talkPage: 'Talk:P', revId: 1, postedAt: AT.toISOString() }, runId);
    ledger.recordReminder({ key: 'r', task: 't', talkPage: 'Talk:Other', revId: 2, postedAt: AT.toISOString() }, runId);
    ledger.recordAll(runId, 't', AT, [{ kind: 'task-state', key: 's', value: 'first' }]);
    ledger.recordAll(runId, 't', AT, [{ kind: 'task-state', key: 's', value: 'second' }]);

    expect(ledger.openSignals().map((s) => [s.key, s.data])).toEqual([
      ['sig', { n: 1 }],
      ['SIG', { n: 1 }],
    ]);
    expect(ledger.remindersOnPagesSince(['Talk:P', 'Talk:Other'], AT).get('Talk:P')?.map((r) => r.revId)).toEqual([1]);
    expect(ledger.remindersOnPagesSince(['Talk:P', 'Talk:Other'], AT).has('Talk:Other')).toBe(false);
    expect([...ledger.remindersWithKeys(['r', 'R', 'none']).keys()]).toEqual(['r']);
    expect(ledger.taskState('t', 's')).toBe('second');
    ledger.recordAll(runId, 't', AT, [{ kind: 'signal-handled', key: 'sig' }]);
    expect(ledger.openSignals().map((s) => s.key)).toEqual(['SIG']);
    expect(ledger.hasSignal('sig')).toBe(true);
  });

  it('finds reminders by many keys and talk pages at once, across batches of questions', () => {
    const posted = ['k-0', 'k-499', 'k-500', 'k-1100'];
    posted.forEach((key, i) => ledger.recordReminder({ key, task: 't', talkPage: `Talk:P${i % 2}`, revId: i + 1, postedAt: `2026-01-0${4 - i}T00:00:00.000Z` }, runId));
    const keys = Array.from({ length: 1200 }, (_, i) => `k-${i}`);
    expect([...ledger.remindersWithKeys(keys).keys()].sort()).toEqual([...posted].sort());
    const onPages = ledger.remindersOnPagesSince(['Talk:P0', 'Talk:P1', 'Talk:P2'], new Date('2026-01-01T00:00:00Z'));
    expect(onPages.get('Talk:P0')?.map((r) => r.key)).toEqual(['k-500', 'k-0']);
    expect(onPages.get('Talk:P1')?.map((r) => r.key)).toEqual(['k-1100', 'k-499']);
    expect(onPages.has('Talk:P2')).toBe(false);
  });

  it('finds the reminders on talk pages posted at or after an instant, whether the time has milliseconds (the clock) or not (a revision)', () => {
    const postedAt = [
      ['before', '2026-11-30T10:00:00.999Z'],
      ['before, a revision', '2026-11-30T10:00:00Z'],
      ['at it', '2026-11-30T10:00:01.000Z'],
      ['at it, a revision', '2026-11-30T10:00:01Z'],
      ['after', '2026-11-30T10:00:01.001Z'],
      ['long after, a revision', '2026-12-01T09:00:00Z'],
    ];
    postedAt.forEach(([key, at], i) => ledger.recordReminder({ key, task: 't', talkPage: `Talk:P${i % 2}`, revId: i, postedAt: at }, runId));
    const since = new Date('2026-11-30T10:00:01Z');
    const found = ledger.remindersOnPagesSince(['Talk:P0', 'Talk:P1'], since);
    expect([...found.values()].flat().map((r) => r.key).sort()).toEqual(['after', 'at it', 'at it, a revision', 'long after, a revision']);
    expect(found.get('Talk:P0')?.map((r) => r.postedAt)).toEqual(['2026-11-30T10:00:01.000Z', '2026-11-30T10:00:01.001Z']);
    expect(ledger.remindersOnPagesSince(['Talk:P0', 'Talk:P1'], new Date('2026-12-01T09:00:00.001Z')).size).toBe(0);
  });

  it('takes long parameters whole: a question about 600 long keys, a run with 200 kB of details (quotes, backslashes, any script)', () => {
    const keyOf = (i: number) => `office-hours:Talk:Département ${i} / "Heures" \\ l'été ✓ 🎉:2026-12-0${i % 9}T10:00:00.000Z`;
    [7, 599].forEach((i) => ledger.recordReminder({ key: keyOf(i), task: 't', talkPage: `Talk:P${i}`, revId: i, postedAt: AT.toISOString() }, runId));
    const details = { outcomes: Array.from({ length: 1500 }, (_, i) => ({ title: keyOf(i), status: 'skipped', reason: 'held back: « cap » \\ 10' })) };
    ledger.finishRun(runId, AT, { result: 'ok', edits: 0, skipped: 1500, errors: 0, requests: 3, details });

    expect(JSON.stringify(details).length).toBeGreaterThan(200_000);
    expect([...ledger.remindersWithKeys(Array.from({ length: 600 }, (_, i) => keyOf(i))).keys()].sort()).toEqual([keyOf(599), keyOf(7)]);
    expect(ledger.recentRuns(1)[0].details).toEqual(details);
  });

  it("finds a task's edits on many pages at once, oldest first per page, across batches of questions, and no other task's", () => {
    const pages = Array.from({ length: 1200 }, (_, i) => `P${i}`);
    ledger.recordEdit({ ...edit(runId, 'P0'), newRevId: 10 }, []);
    ledger.recordEdit({ ...edit(runId, 'P1100'), newRevId: 11 }, []);
    ledger.recordEdit({ ...edit(runId, 'P0'), newRevId: 12 }, []);
    ledger.recordEdit({ ...edit(runId, 'P1'), task: 'historical-banner', newRevId: 13 }, []);

    const edits = ledger.editsOnPages(pages, 'talk-reminders');
    expect([...edits.keys()].sort()).toEqual(['P0', 'P1100']);
    expect(edits.get('P0')?.map((e) => e.newRevId)).toEqual([10, 12]);
    expect(edits.get('P0')).toEqual(ledger.editsOn('P0', 'talk-reminders'));
    expect(ledger.editsOnPages(['P1'], 'historical-banner').get('P1')?.map((e) => e.newRevId)).toEqual([13]);
  });

  it("writes a task's own table through its record kind and reads it back with the task's query", () => {
    const figures = { page: 'Wikimedia Foundation/Legal', total: 40, translated: 30, fuzzy: 2, proofread: 0 };
    ledger.recordAll(runId, 'translation-status', AT, [
      { kind: 'translation-snapshot', snapshot: { ...figures, language: 'fr' } },
      { kind: 'translation-snapshot', snapshot: { ...figures, language: 'de' } },
    ]);
    expect((latestSnapshots(ledger, [figures.page]).get(figures.page) ?? []).map((row) => [row.language, row.translated, row.takenAt])).toEqual([
      ['de', 30, AT.toISOString()],
      ['fr', 30, AT.toISOString()],
    ]);
  });

  it("reads the latest snapshot and trend state of 1,200 pages at once: each page's latest run, pages without any absent", () => {
    const pages = Array.from({ length: 1200 }, (_, i) => `Department/Team ${i}`);
    const later = new Date(AT.getTime() + 86_400_000);
    const snapshot = (page: string, language: string, translated: number) => ({ kind: 'translation-snapshot' as const, snapshot: { page, language, total: 40, translated, fuzzy: 0, proofread: 0 } });
    ledger.recordAll(runId, 'translation-status', AT, pages.slice(0, 1100).flatMap((page) => [snapshot(page, 'de', 1), snapshot(page, 'fr', 1)]));
    const secondRun = ledger.startRun('translation-status', 'cli', false, later);
    // The second run took only every other page, and no longer reports fr on them.
    ledger.recordAll(secondRun, 'translation-status', later, pages.filter((_, i) => i % 2 === 0 && i < 1100).map((page) => snapshot(page, 'de', 2)));
    ledger.recordAll(secondRun, 'translation-status', later, [{ kind: 'task-state', key: 'trend:Department/Team 7', value: { baseline: null } }]);

    const latest = latestSnapshots(ledger, [...pages, 'Department/Team 0']);
    expect(latest.size).toBe(1100);
    expect(latest.get('Department/Team 0')?.map((r) => [r.language, r.translated, r.takenAt])).toEqual([['de', 2, later.toISOString()]]);
    expect(latest.get('Department/Team 1099')?.map((r) => [r.language, r.translated, r.takenAt])).toEqual([
      ['de', 1, AT.toISOString()],
      ['fr', 1, AT.toISOString()],
    ]);
    expect(latest.has('Department/Team 1100')).toBe(false);
    const trends = ledger.taskStates('translation-status', pages.map((page) => `trend:${page}`));
    expect([...trends]).toEqual([['trend:Department/Team 7', { baseline: null }]]);
  });

  it("refuses a task's read that would write, alone or among reads asked together, and the ledger writes afterwards", () => {
    expect(() => ledger.select('DELETE FROM runs', [])).toThrow(/read-only query/);
    expect(ledger.select('SELECT COUNT(*) AS n FROM runs WHERE task = ?', ['talk-reminders'])).toEqual([{ n: 1 }]);
    expect(() => ledger.selectWhereIn({ before: 'DELETE FROM runs WHERE task' }, [], ['talk-reminders'])).toThrow(/read-only query/);
    expect(() => ledger.selectWhereIn({ before: 'SELECT * FROM no_such_table WHERE task' }, [], ['talk-reminders'])).toThrow(/no_such_table/);
    expect(ledger.selectWhereIn({ before: 'SELECT task FROM runs WHERE task', after: ' ORDER BY id' }, [], ['talk-reminders', 'other'])).toEqual([{ task: 'talk-reminders' }]);
  });

  it("leaves no transaction open after a task's read fails: the ledger's next reads see what another process wrote since", () => {
    const settings = testLedgerSettings(backend);
    const first = Ledger.open(settings, registeredTaskLedgers);
    const second = Ledger.open(settings, registeredTaskLedgers);
    try {
      expect(() => first.selectWhereIn({ before: 'SELECT * FROM no_such_table WHERE task' }, [], ['x'])).toThrow(/no_such_table/);
      expect(first.recentRuns(5)).toEqual([]);
      second.startRun('office-hours', 'cli', false, AT);
      expect(first.recentRuns(5).map((r) => r.task)).toEqual(['office-hours']);
    } finally {
      first.close();
      second.close();
    }
  });

  it('keeps runs in order with their totals', () => {
    ledger.finishRun(runId, AT, { result: 'ok', edits: 2, skipped: 1, errors: 0, requests: 9, details: { note: 'x' } });
    const second = ledger.startRun('talk-reminders', 'schedule', true, AT);
    expect(second).toBeGreaterThan(runId);
    expect(ledger.recentRuns(5).map((r) => [r.id, r.trigger, r.dryRun, r.edits, r.details])).toEqual([
      [second, 'schedule', true, 0, {}],
      [runId, 'cli', false, 2, { note: 'x' }],
    ]);
    expect(ledger.lastRunsWithEdits('talk-reminders', 5).map((r) => r.id)).toEqual([runId]);
  });

  it("keeps a run the wiki's outage ended as 'unreachable' (migration 5) and refuses a result it does not know", () => {
    ledger.finishRun(runId, AT, { result: 'unreachable', edits: 0, skipped: 0, errors: 0, requests: 3, details: { notReached: 2 } });
    expect(ledger.recentRuns(1).map((r) => [r.id, r.result])).toEqual([[runId, 'unreachable']]);
    const other = ledger.startRun('talk-reminders', 'cli', false, AT);
    expect(() => ledger.finishRun(other, AT, { result: 'lost' as never, edits: 0, skipped: 0, errors: 0, requests: 0, details: {} })).toThrow(/CHECK|constraint/i);
  });
});

describe.each(LEDGER_BACKENDS)('the %s backend', (backend) => {
  it('answers several questions asked together, each in order, and a bad one fails naming its table', () => {
    const db = openBackend(ledgerLocation(testLedgerSettings(backend), process.cwd()));
    try {
      expect(db.allMany([])).toEqual([]);
      expect(
        db.allMany([
          { sql: 'SELECT ? AS n', params: [7] },
          { sql: 'SELECT ? AS word UNION ALL SELECT ?', params: ['a', 'b'] },
        ]),
      ).toEqual([[{ n: 7 }], [{ word: 'a' }, { word: 'b' }]]);
      expect(() => db.allMany([{ sql: 'SELECT 1 AS n', params: [] }, { sql: 'SELECT * FROM no_such_table', params: [] }])).toThrow(/no_such_table/);
    } finally {
      db.close();
    }
  });

  it('answers read-only questions inside a transaction without ending it: a failure after them still undoes its writes', () => {
    const db = openBackend(ledgerLocation(testLedgerSettings(backend), process.cwd()));
    try {
      db.execScript('CREATE TABLE kept (name VARCHAR(20) PRIMARY KEY)');
      expect(db.readOnly([])).toEqual([]);
      const inside = () =>
        db.transaction(() => {
          db.run('INSERT INTO kept (name) VALUES (?)', ['written']);
          expect(db.readOnly([{ sql: 'SELECT name FROM kept', params: [] }])).toEqual([[{ name: 'written' }]]);
          throw new Error('the work fails after its read');
        });
      expect(inside).toThrow('the work fails after its read');
      expect(db.all('SELECT name FROM kept')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
