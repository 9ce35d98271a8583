// What translation-status keeps in the ledger: a snapshot of each watched page's figures per run
// (its own table, for the trend column), and the signals it raises for talk-reminders, whose data
// the schemas below check when the signals are made and again when they are read.
import { z } from 'zod';
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

/** The snapshot of `page` taken by the latest run that took one, by language; [] before the first. */
export function latestSnapshot(ledger: LedgerReader, page: string): TranslationSnapshotRow[] {
  const rows = ledger.select(
    `SELECT page, language, total, translated, fuzzy, proofread, taken_at AS takenAt FROM translation_snapshots
       WHERE page = ? AND run_id = (SELECT run_id FROM translation_snapshots WHERE page = ? ORDER BY taken_at DESC, id DESC LIMIT 1)
       ORDER BY language`,
    [page, page],
  );
  return rows.map((row) => snapshotRow.parse(row));
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
