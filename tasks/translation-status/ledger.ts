// What translation-status keeps in the ledger: a snapshot of each watched page's figures per run
// (its own table, for the trend column), and the signals it raises for talk-reminders, whose data
// the schemas below check when the signals are made and again when they are read.
import { z } from 'zod';
import { groupedBy } from '../../src/core/batches';
import type { LedgerReader } from '../../src/ledger/records';
import { signalKind, type RecordKind, type TaskLedger } from '../../src/ledger/task-ledger';

export interface TranslationSnapshotRow {
  page: string;
  language: string;
  total: number;
  translated: number;
  fuzzy: number;
  proofread: number;
  takenAt: string;
}

export type SnapshotFigures = Omit<TranslationSnapshotRow, 'takenAt'>;

declare module '../../src/ledger/records' {
  interface TaskRecordKinds {
    'translation-snapshot': { snapshot: SnapshotFigures };
  }
}

const count = z.number().int().min(0);
const snapshotFigures = z.object({ page: z.string(), language: z.string(), total: count, translated: count, fuzzy: count, proofread: count });
const snapshotRow = snapshotFigures.extend({ takenAt: z.string() });

const snapshotRecord: RecordKind<{ kind: 'translation-snapshot'; snapshot: SnapshotFigures }> = {
  kind: 'translation-snapshot',
  schema: z.object({ kind: z.literal('translation-snapshot'), snapshot: snapshotFigures }),
  pageOf: (record) => record.snapshot.page,
  write(tables, { snapshot: s }, { runId, at }) {
    tables.run(
      'INSERT INTO translation_snapshots (run_id, page, language, total, translated, fuzzy, proofread, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [runId, s.page, s.language, s.total, s.translated, s.fuzzy, s.proofread, at],
    );
  },
};

/**
 * The snapshot of each of `pages` taken by the latest run that took one, by page, its rows by
 * language; a page with none is absent. One question for a part's pages: on MariaDB one round trip,
 * where a question per page was 10,000 at 10,000 pages.
 */
export function latestSnapshots(ledger: LedgerReader, pages: readonly string[]): Map<string, TranslationSnapshotRow[]> {
  const rows = ledger.selectWhereIn(
    {
      before: `SELECT s.id, s.run_id AS runId, s.page, s.language, s.total, s.translated, s.fuzzy, s.proofread, s.taken_at AS takenAt
         FROM translation_snapshots s
         JOIN (SELECT page, MAX(taken_at) AS latest FROM translation_snapshots WHERE page`,
      after: ' GROUP BY page) m ON s.page = m.page AND s.taken_at = m.latest ORDER BY s.page, s.language',
    },
    [],
    pages,
  ) as Array<{ id: number; runId: number; page: string }>;
  return new Map([...groupedBy(rows, (row) => row.page)].map(([page, taken]) => [page, ofOneRun(taken).map((row) => snapshotRow.parse(row))]));
}

/** Two runs that took a page's snapshot at the same instant: the one that wrote last (the highest id) is the latest. */
function ofOneRun<R extends { id: number; runId: number }>(rows: readonly R[]): R[] {
  const last = rows.reduce((a, b) => (b.id > a.id ? b : a));
  return rows.filter((row) => row.runId === last.runId);
}

const language = z.string().regex(/^[a-z]{2,3}(-[a-z0-9]+)*$/i);
const percent = z.number().min(0).max(100);

export const translationSignals = {
  below: signalKind('translation-below-threshold', z.object({ language, percent, threshold: percent })),
  fell: signalKind('translation-fell-below', z.object({ language, percent, previousPercent: percent, threshold: percent })),
  outdated: signalKind('translation-outdated', z.object({ language, outdated: count, threshold: count })),
};

export const translationStatusLedger: TaskLedger = {
  migrations: [
    // 1: IF NOT EXISTS, because ledgers made before tasks owned their tables (ledger schema
    // version 3 and older) have this table from the ledger's own first migration, rows and all.
    // VARCHAR for the indexed text, so that MariaDB can index it (SQLite reads it as TEXT).
    `
    CREATE TABLE IF NOT EXISTS translation_snapshots (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      run_id INTEGER REFERENCES runs (id),
      page VARCHAR(512) NOT NULL,
      language TEXT NOT NULL,
      total INTEGER NOT NULL,
      translated INTEGER NOT NULL,
      fuzzy INTEGER NOT NULL,
      proofread INTEGER NOT NULL,
      taken_at VARCHAR(64) NOT NULL
    );
    CREATE INDEX IF NOT EXISTS snapshots_page ON translation_snapshots (page, taken_at);
    `,
  ],
  records: [snapshotRecord],
  signals: Object.values(translationSignals),
};
