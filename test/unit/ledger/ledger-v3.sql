-- The ledger schema as src/ledger/migrations.ts made it up to version 3 (before tasks owned their
-- tables, commit e2a3b66): migration 1 still created translation_snapshots. Do not edit.
CREATE TABLE schema_version (version INTEGER NOT NULL);
-- migration 1
CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'cli', 'apply')),
  dry_run INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL,
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
  task TEXT NOT NULL,
  page TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('edit', 'create', 'new-section')),
  old_rev_id INTEGER,
  new_rev_id INTEGER,
  summary TEXT NOT NULL,
  made_at TEXT NOT NULL
);
CREATE INDEX edits_page ON edits (page, task);
CREATE TABLE reminders (
  key TEXT PRIMARY KEY,
  task TEXT NOT NULL,
  talk_page TEXT NOT NULL,
  rev_id INTEGER,
  run_id INTEGER REFERENCES runs (id),
  posted_at TEXT NOT NULL
);
CREATE INDEX reminders_page ON reminders (talk_page, posted_at);
CREATE TABLE translation_snapshots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER REFERENCES runs (id),
  page TEXT NOT NULL,
  language TEXT NOT NULL,
  total INTEGER NOT NULL,
  translated INTEGER NOT NULL,
  fuzzy INTEGER NOT NULL,
  proofread INTEGER NOT NULL,
  taken_at TEXT NOT NULL
);
CREATE INDEX snapshots_page ON translation_snapshots (page, taken_at);
CREATE TABLE signals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  source_task TEXT NOT NULL,
  type TEXT NOT NULL,
  page TEXT NOT NULL,
  data TEXT NOT NULL,
  run_id INTEGER REFERENCES runs (id),
  created_at TEXT NOT NULL,
  handled_at TEXT
);
CREATE TABLE task_state (
  task TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (task, key)
);
INSERT INTO schema_version (version) VALUES (1);
-- migration 2
CREATE TABLE task_locks (
  task TEXT PRIMARY KEY,
  token TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  command TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);
INSERT INTO schema_version (version) VALUES (2);
-- migration 3
CREATE TABLE wiki_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  api_url TEXT NOT NULL,
  wiki_id TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
INSERT INTO schema_version (version) VALUES (3);
