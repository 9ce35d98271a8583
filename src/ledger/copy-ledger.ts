// Moves a ledger to another database (SQLite to MariaDB when a bot moves to Toolforge, and back):
// every table's rows, ids and all, into an empty ledger of the same schema, in one transaction; then
// both are read again and compared row by row.
import type { LedgerBackend, Row } from './backend/backend';
import type { Ledger } from './ledger';

/** Made by the migrations of the target itself, so compared, not copied. */
const SCHEMA_TABLES = ['schema_version', 'task_schema_versions'];
/** Other tables refer to runs: copied first. */
const FIRST_TABLE = 'runs';

export interface CopiedTable {
  table: string;
  rows: number;
  /** Rows that are the same in both, read back after the copy. */
  verified: number;
}

export class LedgerCopyError extends Error {}

function quoted(name: string): string {
  return `\`${name}\``;
}

/** The tables that hold data, runs first. */
function dataTables(db: LedgerBackend): string[] {
  const tables = db.tableNames().filter((table) => !SCHEMA_TABLES.includes(table));
  return [...tables.filter((t) => t === FIRST_TABLE), ...tables.filter((t) => t !== FIRST_TABLE)];
}

/** Every row of `table`, in an order both databases agree on (all columns, as stored). */
function rowsOf(db: LedgerBackend, table: string, columns: readonly string[]): Row[] {
  return db.all(`SELECT ${columns.map(quoted).join(', ')} FROM ${quoted(table)} ORDER BY ${columns.map(quoted).join(', ')}`);
}

/** Why the copy may not start: schemas that differ, a target that is not empty, a task still running. */
function copyProblems(source: Ledger, target: Ledger): string[] {
  const problems: string[] = [];
  const schemaOf = (ledger: Ledger) => JSON.stringify(rowsOf(ledger.database, 'task_schema_versions', ['task', 'version']).map((r) => [r.task, r.version]));
  if (source.schemaVersion !== target.schemaVersion || schemaOf(source) !== schemaOf(target)) problems.push('the two ledgers are at different schema versions');
  const sourceTables = dataTables(source.database);
  const targetTables = dataTables(target.database);
  if (JSON.stringify(sourceTables) !== JSON.stringify(targetTables)) problems.push(`the tables differ: ${sourceTables.join(', ')} / ${targetTables.join(', ')}`);
  for (const table of targetTables) {
    const count = target.database.get(`SELECT COUNT(*) AS n FROM ${quoted(table)}`)?.n;
    if (count !== 0) problems.push(`the target is not empty (${table} has ${count} rows)`);
  }
  if (source.taskLocks().length) problems.push(`tasks are running on the source (${source.taskLocks().map((l) => l.task).join(', ')}): stop the bot first`);
  return problems;
}

/** Copies `source` into the empty `target` and compares them row by row; throws LedgerCopyError naming what is wrong. */
export function copyLedger(source: Ledger, target: Ledger): CopiedTable[] {
  const problems = copyProblems(source, target);
  if (problems.length) throw new LedgerCopyError(`not copied: ${problems.join('; ')}`);
  const tables = dataTables(source.database).map((table) => ({ table, columns: source.database.columnsOf(table) }));
  target.database.transaction(() => {
    for (const { table, columns } of tables) {
      const insert = `INSERT INTO ${quoted(table)} (${columns.map(quoted).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
      for (const row of rowsOf(source.database, table, columns)) target.database.run(insert, columns.map((c) => row[c] as string | number | null));
    }
  });
  return tables.map(({ table, columns }) => verifyTable(source.database, target.database, table, columns));
}

/** Compares a table's rows in both, one by one; throws at the first that differs. */
function verifyTable(source: LedgerBackend, target: LedgerBackend, table: string, columns: readonly string[]): CopiedTable {
  const from = rowsOf(source, table, columns);
  const to = rowsOf(target, table, columns);
  let verified = 0;
  for (let i = 0; i < Math.max(from.length, to.length); i++) {
    const a = JSON.stringify(from[i] && columns.map((c) => from[i][c]));
    const b = JSON.stringify(to[i] && columns.map((c) => to[i][c]));
    if (a !== b) throw new LedgerCopyError(`copied, but ${table} row ${i + 1} differs: ${a} / ${b}`);
    verified++;
  }
  return { table, rows: from.length, verified };
}
