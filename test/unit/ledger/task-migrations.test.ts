// A ledger made before tasks owned their tables (schema version 3, translation_snapshots created by
// the ledger's own first migration) opens under the per-task migrations with every row kept, and
// the migrations of a task are applied once per ledger.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Ledger } from '../../../src/ledger/ledger';
import { ledgerRecordSchema } from '../../../src/ledger/records';
import { recordProblems, type NamedTaskLedger } from '../../../src/ledger/task-ledger';
import { registeredTaskLedgers } from '../../../tasks';
import { latestSnapshots, translationStatusLedger } from '../../../tasks/translation-status/ledger';

const PAGE = 'Wikimedia Foundation/Legal';

function tempLedgerFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deptbot-ledger-')), 'ledger.sqlite');
}

/** A ledger at schema version 3 as the old migrations left it, with a run's snapshot, a signal and task state in it. */
function oldLedger(file: string): void {
  const db = new Database(file);
  db.exec(fs.readFileSync(path.join(__dirname, 'ledger-v3.sql'), 'utf8'));
  db.prepare("INSERT INTO runs (id, task, trigger, started_at, ended_at, result) VALUES (7, 'translation-status', 'schedule', ?, ?, 'ok')").run(
    '2026-11-01T05:30:00.000Z',
    '2026-11-01T05:31:00.000Z',
  );
  const snapshot = db.prepare(
    'INSERT INTO translation_snapshots (run_id, page, language, total, translated, fuzzy, proofread, taken_at) VALUES (7, ?, ?, 40, ?, ?, 0, ?)',
  );
  snapshot.run(PAGE, 'de', 30, 2, '2026-11-01T05:30:10.000Z');
  snapshot.run(PAGE, 'fr', 12, 0, '2026-11-01T05:30:10.000Z');
  db.prepare(
    "INSERT INTO signals (key, source_task, type, page, data, run_id, created_at) VALUES ('translation-below:x', 'translation-status', 'translation-below-threshold', ?, ?, 7, ?)",
  ).run(PAGE, JSON.stringify({ language: 'fr', percent: 30, threshold: 50 }), '2026-11-01T05:30:10.000Z');
  db.prepare("INSERT INTO task_state (task, key, value, updated_at) VALUES ('translation-status', ?, '{\"baseline\":null}', ?)").run(
    `trend:${PAGE}`,
    '2026-11-01T05:30:10.000Z',
  );
  db.close();
}

describe('per-task ledger migrations', () => {
  it('opens a ledger made by the old migrations with its snapshots, signals and task state intact', () => {
    const file = tempLedgerFile();
    oldLedger(file);

    const ledger = Ledger.open(file, registeredTaskLedgers);
    try {
      expect(ledger.schemaVersion).toBe(5);
      expect(ledger.taskSchemaVersion('translation-status')).toBe(1);
      expect((latestSnapshots(ledger, [PAGE]).get(PAGE) ?? []).map((r) => [r.language, r.translated, r.fuzzy, r.takenAt])).toEqual([
        ['de', 30, 2, '2026-11-01T05:30:10.000Z'],
        ['fr', 12, 0, '2026-11-01T05:30:10.000Z'],
      ]);
      expect(ledger.openSignals().map((s) => [s.key, s.type, s.data])).toEqual([
        ['translation-below:x', 'translation-below-threshold', { language: 'fr', percent: 30, threshold: 50 }],
      ]);
      expect(ledger.taskState('translation-status', `trend:${PAGE}`)).toEqual({ baseline: null });

      // The migrated table takes the next run's snapshot, which becomes the latest.
      const runId = ledger.startRun('translation-status', 'cli', false, new Date('2026-11-02T05:30:00Z'));
      ledger.recordAll(runId, 'translation-status', new Date('2026-11-02T05:30:10Z'), [
        { kind: 'translation-snapshot', snapshot: { page: PAGE, language: 'de', total: 40, translated: 31, fuzzy: 1, proofread: 0 } },
      ]);
      expect((latestSnapshots(ledger, [PAGE]).get(PAGE) ?? []).map((r) => [r.language, r.translated])).toEqual([['de', 31]]);
    } finally {
      ledger.close();
    }
  });

  it('creates a task table in a new ledger, and applies each task migration once however often the ledger is opened', () => {
    const file = tempLedgerFile();
    const counted: NamedTaskLedger = {
      task: 'counting-task',
      migrations: ['CREATE TABLE counting_task_runs (n INTEGER)', "INSERT INTO counting_task_runs (n) VALUES (1)"],
      records: [],
      signals: [],
    };
    Ledger.open(file, [...registeredTaskLedgers, counted]).close();
    const ledger = Ledger.open(file, [...registeredTaskLedgers, counted]);
    try {
      expect(ledger.taskSchemaVersion('counting-task')).toBe(2);
      expect(ledger.select('SELECT COUNT(*) AS n FROM counting_task_runs', [])).toEqual([{ n: 1 }]);
      expect(latestSnapshots(ledger, [PAGE]).has(PAGE)).toBe(false);
    } finally {
      ledger.close();
    }
  });

  it('refuses a task read that would write, and a record kind no task declares', () => {
    const ledger = Ledger.open(':memory:', registeredTaskLedgers);
    try {
      expect(() => ledger.select('DELETE FROM translation_snapshots', [])).toThrow(/read-only query/);
      const runId = ledger.startRun('translation-status', 'cli', false, new Date());
      // As a hand-edited plan file could hold it: the file's schema leaves task kinds to their declarations.
      const undeclared = ledgerRecordSchema.parse({ kind: 'made-up', page: PAGE });
      expect(() => ledger.recordAll(runId, 'translation-status', new Date(), [undeclared])).toThrow(/no task declares the ledger record kind "made-up"/);
      expect(() =>
        ledger.recordAll(runId, 'translation-status', new Date(), [
          { kind: 'translation-snapshot', snapshot: { page: PAGE, language: 'de', total: -1, translated: 0, fuzzy: 0, proofread: 0 } },
        ]),
      ).toThrow(/task translation-status: a "translation-snapshot" record is malformed: snapshot.total/);
    } finally {
      ledger.close();
    }
  });

  it('names the records of a saved plan that its task does not declare or that do not fit their schema (checked before `apply` saves)', () => {
    const snapshot = { page: PAGE, language: 'de', total: 40, translated: 31, fuzzy: 1, proofread: 0 };
    expect(
      recordProblems(translationStatusLedger, [
        { kind: 'translation-snapshot', snapshot },
        { kind: 'task-state', key: 'k', value: 1 },
        ledgerRecordSchema.parse({ kind: 'translation-snapshot', snapshot: { ...snapshot, translated: 'many' } }),
        ledgerRecordSchema.parse({ kind: 'made-up' }),
      ]),
    ).toEqual([
      'a "translation-snapshot" record is malformed: snapshot.translated: Invalid input: expected number, received string',
      'no task declares the ledger record kind "made-up"',
    ]);
    expect(recordProblems(undefined, [{ kind: 'translation-snapshot', snapshot }])).toEqual(['no task declares the ledger record kind "translation-snapshot"']);
  });
});
