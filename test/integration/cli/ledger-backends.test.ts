// The CLI on both ledger backends: `copy-ledger` moves a SQLite ledger to MariaDB and back with every
// row the same; `status` says the same of both; `validate` names the backend and its schema; a
// MariaDB that does not answer is one sentence naming the setting.
import path from 'node:path';
import { Ledger } from '../../../src/ledger/ledger';
import type { LedgerSettings } from '../../../src/ledger/ledger-location';
import { MIGRATIONS } from '../../../src/ledger/migrations';
import { registeredTaskLedgers, registeredTasks } from '../../../tasks';
import { tempFile, uniquePrefix } from '../../support/local-wiki';
import { TEST_MARIADB_CNF, freshTestDatabase, testMariaDbUrl } from '../../support/test-ledger';
import { cliEnv, runInProcess, writeCliSetup } from './helpers/cli-harness';

const AT = new Date('2026-12-01T10:00:00Z');

/** A ledger with a row in each framework table and in translation-status's own. */
function fillLedger(settings: LedgerSettings): void {
  const ledger = Ledger.open(settings, registeredTaskLedgers);
  try {
    const run = ledger.startRun('talk-reminders', 'schedule', false, AT);
    const edit = { runId: run, task: 'talk-reminders', page: 'Talk:Ünïcode/ру', kind: 'new-section' as const, oldRevId: 3, newRevId: 4, summary: 'Reminder', madeAt: AT.toISOString() };
    ledger.recordEdit(edit, [{ kind: 'signal-handled', key: 'sig' }], 'reminder:1');
    ledger.recordAll(run, 'translation-status', AT, [
      { kind: 'signal', signal: { type: 'translation-below-threshold', page: 'P', key: 'sig', data: { language: 'de', percent: 10, threshold: 50 } } },
      { kind: 'task-state', key: 'trend:P', value: { baseline: null } },
      { kind: 'translation-snapshot', snapshot: { page: 'P', language: 'de', total: 10, translated: 1, fuzzy: 0, proofread: 0 } },
    ]);
    ledger.finishRun(run, AT, { result: 'ok', edits: 1, skipped: 0, errors: 0, requests: 7, details: { note: 'filled' } });
    ledger.recordWikiIdentity({ apiUrl: 'http://wiki.invalid/api.php', wikiId: 'testwiki' }, AT);
  } finally {
    ledger.close();
  }
}

/** Every table's rows, as the ledger holds them (sorted: the order of a table without ORDER BY is the database's). */
function dump(settings: LedgerSettings): Record<string, unknown[]> {
  const ledger = Ledger.open(settings, registeredTaskLedgers);
  try {
    const db = ledger.database;
    const dataTables = db.tableNames().filter((table) => table !== 'task_schema_versions'); // applied_at: when each ledger was made
    return Object.fromEntries(dataTables.map((table) => [table, db.all(`SELECT * FROM \`${table}\``).map((row) => JSON.stringify(Object.values(row))).sort()]));
  } finally {
    ledger.close();
  }
}

const tasks = registeredTasks;

it('copies a SQLite ledger to MariaDB and back, every row the same, and refuses to copy into a ledger that is not empty', async () => {
  const setup = writeCliSetup({ prefix: uniquePrefix('copy-ledger') });
  fillLedger(setup.ledger);
  const url = testMariaDbUrl();
  const back = tempFile('back.sqlite');

  const there = await runInProcess(['copy-ledger', '--to', url], setup, { tasks });
  const again = await runInProcess(['copy-ledger', '--from', url, '--to', back], setup, { tasks });
  const refused = await runInProcess(['copy-ledger', '--to', url], setup, { tasks });

  expect([there.stderr, there.code]).toEqual(['', 0]);
  expect(there.stdout).toMatch(/^from SQLite file \/.+\nto   MariaDB deptbot_test@/);
  expect(there.stdout).toContain('  runs: 1 row(s) copied, 1 verified\n');
  expect(there.stdout).toContain('  translation_snapshots: 1 row(s) copied, 1 verified\n');
  expect(there.stdout).toMatch(/copied 7 row\(s\) in 8 table\(s\); every row read back and compared\n$/);
  expect([again.stderr, again.code]).toEqual(['', 0]);
  expect(again.stdout).toContain(`to   SQLite file ${path.resolve(back)}`);
  process.stdout.write(`copy-ledger round trip:\n${there.stdout}${again.stdout}`);
  const original = dump(setup.ledger);
  expect(dump({ url })).toEqual(original);
  expect(dump({ path: back })).toEqual(original);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/not copied: the target is not empty \(runs has 1 rows\)/);
});

it('shows the same status from a ledger on SQLite and its copy on MariaDB', async () => {
  const sqlite = writeCliSetup({ prefix: uniquePrefix('status-sqlite') });
  fillLedger(sqlite.ledger);
  const url = testMariaDbUrl();
  await runInProcess(['copy-ledger', '--to', url], sqlite, { tasks });
  const mariadb = writeCliSetup({ prefix: uniquePrefix('status-mariadb'), ledger: { url } });

  const fromSqlite = await runInProcess(['status', '--json'], sqlite, { tasks });
  const fromMariaDb = await runInProcess(['status', '--json'], mariadb, { tasks });
  const text = await runInProcess(['status'], mariadb, { tasks });

  expect(fromSqlite.code).toBe(0);
  expect(fromMariaDb.stdout).toEqual(fromSqlite.stdout);
  expect(JSON.parse(fromMariaDb.stdout).runs.map((r: { task: string; edits: number }) => [r.task, r.edits])).toEqual([['talk-reminders', 1]]);
  expect(text.stdout).toContain('talk-reminders');
});

it('validate names the MariaDB backend (from ledger.mycnf) and its schema version', async () => {
  const database = freshTestDatabase();
  const prefix = uniquePrefix('validate-mariadb');
  const appendOnly = { 'test-append': { settings: { pages: [`${prefix}Page`], line: 'x' } } };
  const setup = writeCliSetup({ prefix, tasks: appendOnly, ledger: { mycnf: TEST_MARIADB_CNF, database } });
  const result = await runInProcess(['validate'], setup, { env: cliEnv() });
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(new RegExp(`ok   ledger: MariaDB backend \\(ledger.mycnf \\(${TEST_MARIADB_CNF}\\)\\): MariaDB deptbot_test@127.0.0.1:\\d+/${database} answers; schema version ${MIGRATIONS.length} of ${MIGRATIONS.length}`));
});

it('says in one sentence, naming the setting, that a MariaDB ledger does not answer', async () => {
  const setup = writeCliSetup({ prefix: uniquePrefix('unreachable'), ledger: { url: 'mysql://nobody:secret@127.0.0.1:9/deptbot_test_none' } });
  const result = await runInProcess(['status'], setup, { tasks });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^deptbot: The ledger database \(MariaDB nobody@127.0.0.1:9\/deptbot_test_none, from ledger.url in the config\) cannot be used: .+\n$/);
  expect(result.stderr).not.toContain('secret');
});
