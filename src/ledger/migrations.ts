// Versioned schema of the ledger's own tables. Append a migration; never edit one that has shipped.
// The same text runs on SQLite and MariaDB (src/ledger/backend/sql-dialect.ts): keys and indexed
// text are VARCHAR (SQLite reads VARCHAR(n) as TEXT, so ledgers made when these said TEXT are the
// same), and the column names `key` and `trigger`, keywords in MariaDB, are backquoted.
// (Migration 1 once also created a task's table. Tasks now declare their tables in their ledger.ts,
// migrated per task from version 4 on: that task's first migration creates the table only where
// it does not exist yet, so a ledger made before keeps its rows.)
import type { BackendKind } from './backend/backend';

/**
 * A migration: one text both databases read the same, or, where their DDL cannot be shared
 * (changing a column's CHECK: SQLite rebuilds the table, MariaDB alters the column), one per backend.
 */
export type Migration = string | Readonly<Record<BackendKind, string>>;

/** The SQL of `migration` for a database of `kind`. */
export function migrationSql(migration: Migration, kind: BackendKind): string {
  return typeof migration === 'string' ? migration : migration[kind];
}

export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task VARCHAR(255) NOT NULL,
    \`trigger\` TEXT NOT NULL CHECK (\`trigger\` IN ('schedule', 'cli', 'apply')),
    dry_run INTEGER NOT NULL DEFAULT 0,
    started_at VARCHAR(64) NOT NULL,
    ended_at TEXT,
    result TEXT CHECK (result IN ('ok', 'failed', 'shutoff', 'interrupted')),
    edits INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    requests INTEGER NOT NULL DEFAULT 0,
    details TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX runs_task ON runs (task, started_at);
  CREATE TABLE edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    task VARCHAR(255) NOT NULL,
    page VARCHAR(512) NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('edit', 'create', 'new-section')),
    old_rev_id INTEGER,
    new_rev_id INTEGER,
    summary TEXT NOT NULL,
    made_at TEXT NOT NULL
  );
  CREATE INDEX edits_page ON edits (page, task);
  CREATE TABLE reminders (
    \`key\` VARCHAR(512) PRIMARY KEY,
    task TEXT NOT NULL,
    talk_page VARCHAR(512) NOT NULL,
    rev_id INTEGER,
    run_id INTEGER REFERENCES runs (id),
    posted_at VARCHAR(64) NOT NULL
  );
  CREATE INDEX reminders_page ON reminders (talk_page, posted_at);
  CREATE TABLE signals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    \`key\` VARCHAR(512) NOT NULL UNIQUE,
    source_task TEXT NOT NULL,
    type TEXT NOT NULL,
    page TEXT NOT NULL,
    data TEXT NOT NULL,
    run_id INTEGER REFERENCES runs (id),
    created_at TEXT NOT NULL,
    handled_at TEXT
  );
  CREATE TABLE task_state (
    task VARCHAR(255) NOT NULL,
    \`key\` VARCHAR(512) NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (task, \`key\`)
  );
  `,
  // 2: cross-process task locks (one row per running task) for the daemon and the CLI.
  `
  CREATE TABLE task_locks (
    task VARCHAR(255) PRIMARY KEY,
    token TEXT NOT NULL,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    command TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
  );
  `,
  // 3: the wiki this ledger describes (one row), so that it is never read against another one.
  `
  CREATE TABLE wiki_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    api_url TEXT NOT NULL,
    wiki_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  );
  `,
  // 4: each task's own tables are versioned here, per task (src/ledger/task-ledger.ts).
  `
  CREATE TABLE task_schema_versions (
    task VARCHAR(255) NOT NULL,
    version INTEGER NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (task, version)
  );
  `,
  // 5: a run ended by a wiki that stopped answering is its own result, 'unreachable' (it was 'failed'
  // with details.unreachable, stored as `"unreachable":true` by JSON.stringify). SQLite cannot alter
  // a CHECK: the table is rebuilt with its rows and ids; the foreign keys of edits, reminders,
  // signals and task tables are checked at commit, when every run is back (defer_foreign_keys lasts
  // until the end of this migration's transaction). MariaDB redefines the column with its CHECK.
  {
    sqlite: `
  PRAGMA defer_foreign_keys = ON;
  CREATE TABLE runs_before_5 AS SELECT * FROM runs;
  CREATE TABLE runs_sequence_before_5 AS SELECT seq FROM sqlite_sequence WHERE name = 'runs';
  DROP TABLE runs;
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task TEXT NOT NULL,
    trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'cli', 'apply')),
    dry_run INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    result TEXT CHECK (result IN ('ok', 'failed', 'shutoff', 'interrupted', 'unreachable')),
    edits INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    requests INTEGER NOT NULL DEFAULT 0,
    details TEXT NOT NULL DEFAULT '{}'
  );
  INSERT INTO runs SELECT * FROM runs_before_5;
  UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT seq FROM runs_sequence_before_5)) WHERE name = 'runs' AND EXISTS (SELECT 1 FROM runs_sequence_before_5);
  UPDATE runs SET result = 'unreachable' WHERE result = 'failed' AND details LIKE '%"unreachable":true%';
  DROP TABLE runs_before_5;
  DROP TABLE runs_sequence_before_5;
  CREATE INDEX runs_task ON runs (task, started_at);
  `,
    mariadb: `
  ALTER TABLE runs MODIFY result TEXT CHECK (result IN ('ok', 'failed', 'shutoff', 'interrupted', 'unreachable'));
  UPDATE runs SET result = 'unreachable' WHERE result = 'failed' AND details LIKE '%"unreachable":true%';
  `,
  },
];
