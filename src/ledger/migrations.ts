// Versioned schema of the ledger's own tables. Append a migration; never edit one that has shipped.
// The same text runs on SQLite and MariaDB (src/ledger/backend/sql-dialect.ts): keys and indexed
// text are VARCHAR (SQLite reads VARCHAR(n) as TEXT, so ledgers made when these said TEXT are the
// same), and the column names `key` and `trigger`, keywords in MariaDB, are backquoted.
// (Migration 1 once also created a task's table. Tasks now declare their tables in their ledger.ts,
// migrated per task from version 4 on: that task's first migration creates the table only where
// it does not exist yet, so a ledger made before keeps its rows.)

export const MIGRATIONS: readonly string[] = [
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
];
