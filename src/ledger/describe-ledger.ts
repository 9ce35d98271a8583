// One line about the ledger for `deptbot validate`: which backend, where, from which setting, and
// its schema (reaching it and migrating it is what opening it did).
import type { Ledger } from './ledger';
import { MIGRATIONS } from './migrations';

const BACKEND_NAMES = { sqlite: 'SQLite', mariadb: 'MariaDB' } as const;

/** Where the ledger is, in words: "SQLite file <path>" or "MariaDB <user>@<host>:<port>/<database>". */
export function placeOfLedger(ledger: Ledger): string {
  const { kind, where } = ledger.backend;
  return kind === 'sqlite' ? `SQLite file ${where}` : where;
}

export function describeLedger(ledger: Ledger): string {
  const { kind, setting } = ledger.backend;
  const place = placeOfLedger(ledger);
  const tasks = ledger.taskSchemaVersions().map(({ task, version }) => `${task} ${version}`);
  return (
    `${BACKEND_NAMES[kind]} backend (${setting}): ${place} answers; schema version ${ledger.schemaVersion} of ${MIGRATIONS.length}` +
    (tasks.length ? `, task tables: ${tasks.join(', ')}` : '')
  );
}
