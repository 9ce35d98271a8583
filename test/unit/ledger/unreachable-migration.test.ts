// Migration 5: a run that the wiki's outage ended, recorded before as 'failed' with details.unreachable,
// becomes a run with the result 'unreachable'; every other run, its id, and the rows that refer to
// runs (edits, reminders, signals, a task's own table) are kept, and new runs go on from the last id.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Ledger } from '../../../src/ledger/ledger';
import { registeredTaskLedgers } from '../../../tasks';

const AT = '2026-11-01T05:30:00.000Z';

/** A ledger at schema version 3 with an ordinary failed run (7), an outage (8) and an ok run (9), each with an edit. */
function ledgerBeforeMigration5(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deptbot-ledger-')), 'ledger.sqlite');
  const db = new Database(file);
  db.exec(fs.readFileSync(path.join(__dirname, 'ledger-v3.sql'), 'utf8'));
  const run = db.prepare("INSERT INTO runs (id, task, trigger, started_at, ended_at, result, edits, details) VALUES (?, 'test-append', 'cli', ?, ?, ?, 1, ?)");
  run.run(7, AT, AT, 'failed', JSON.stringify({ error: 'a page failed' }));
  run.run(8, AT, AT, 'failed', JSON.stringify({ error: 'Could not reach the wiki', unreachable: true, notReached: 2 }));
  run.run(9, AT, AT, 'ok', '{}');
  const edit = db.prepare("INSERT INTO edits (run_id, task, page, kind, new_rev_id, summary, made_at) VALUES (?, 'test-append', ?, 'edit', ?, 's', ?)");
  for (const id of [7, 8, 9]) edit.run(id, `Page ${id}`, 100 + id, AT);
  db.prepare("INSERT INTO reminders (key, task, talk_page, rev_id, run_id, posted_at) VALUES ('k', 'talk-reminders', 'Talk:P', 5, 8, ?)").run(AT);
  db.close();
  return file;
}

describe('ledger migration 5: the unreachable result', () => {
  it('turns a run failed by an outage into an unreachable run and keeps every run, id and reference', () => {
    const ledger = Ledger.open(ledgerBeforeMigration5(), registeredTaskLedgers);
    try {
      expect(ledger.schemaVersion).toBeGreaterThanOrEqual(5);
      expect(ledger.recentRuns(10).map((r) => [r.id, r.result, r.edits]).sort()).toEqual([
        [7, 'failed', 1],
        [8, 'unreachable', 1],
        [9, 'ok', 1],
      ]);
      expect(ledger.editsOn('Page 8').map((e) => [e.runId, e.newRevId])).toEqual([[8, 108]]);
      expect(ledger.reminder('k')).toMatchObject({ talkPage: 'Talk:P', revId: 5 });

      const next = ledger.startRun('test-append', 'cli', false, new Date(AT));
      expect(next).toBe(10);
      ledger.finishRun(next, new Date(AT), { result: 'unreachable', edits: 0, skipped: 0, errors: 0, requests: 3, details: {} });
      expect(ledger.recentRuns(1)[0]).toMatchObject({ id: 10, result: 'unreachable' });
    } finally {
      ledger.close();
    }
  });
});
