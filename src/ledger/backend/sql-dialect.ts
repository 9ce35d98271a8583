// The ledger's SQL is written once, in the SQL that SQLite and MariaDB share: `?` placeholders,
// backquoted names where a column's name is a MariaDB keyword (`key`, `trigger`; SQLite accepts
// backquotes too), VARCHAR for text that is a key or indexed (SQLite treats it as TEXT). What the two
// still say differently is in this one table, rewritten for MariaDB where a statement is run.

interface Rewrite {
  /** What SQLite says. */
  sqlite: RegExp;
  /** What MariaDB says instead. */
  mariadb: string;
  why: string;
}

export const MARIADB_REWRITES: readonly Rewrite[] = [
  { sqlite: /\bINSERT OR IGNORE INTO\b/g, mariadb: 'INSERT IGNORE INTO', why: 'insert unless the key exists' },
  { sqlite: /\bINSERT OR REPLACE INTO\b/g, mariadb: 'REPLACE INTO', why: 'insert, replacing the row with the same key' },
  {
    sqlite: /\bON CONFLICT \([^)]*\) DO UPDATE SET\b/g,
    mariadb: 'ON DUPLICATE KEY UPDATE',
    why: 'upsert (the conflicting key is the primary key in both)',
  },
  { sqlite: /\bexcluded\.(`?\w+`?)/g, mariadb: 'VALUES($1)', why: "an upsert's new value" },
  { sqlite: /\bAUTOINCREMENT\b/g, mariadb: 'AUTO_INCREMENT', why: 'ids that are never reused' },
  { sqlite: /\bTEXT\b/g, mariadb: 'MEDIUMTEXT', why: "MariaDB's TEXT holds 64 KB; SQLite's any length" },
];

const translated = new Map<string, string>();

/** `sql` as MariaDB says it (cached: the ledger runs the same few statements again and again). */
export function toMariaDb(sql: string): string {
  let result = translated.get(sql);
  if (result === undefined) {
    result = MARIADB_REWRITES.reduce((text, rewrite) => text.replace(rewrite.sqlite, rewrite.mariadb), sql);
    translated.set(sql, result);
  }
  return result;
}

/** The statements of a migration script, in order (a migration's SQL has no ";" inside strings). */
export function statementsOf(script: string): string[] {
  return script
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
