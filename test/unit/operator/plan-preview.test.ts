import { ledgerWithPlannedRecords, type PlannedRecords } from '../../../src/cli/plan-preview';
import { Ledger } from '../../../src/ledger/ledger';

const signal = (key: string, type = 'stale-office-hours') => ({ kind: 'signal' as const, signal: { key, type, page: `Page ${key}`, data: { key } } });

describe('ledgerWithPlannedRecords', () => {
  const now = new Date('2026-03-01T04:00:00Z');
  let ledger: Ledger;

  beforeEach(() => {
    ledger = Ledger.open(':memory:');
    const runId = ledger.startRun('office-hours', 'cli', false, now);
    ledger.recordAll(runId, 'office-hours', now, [signal('open-before'), signal('handled-before')]);
    ledger.recordAll(runId, 'talk-reminders', now, [{ kind: 'signal-handled', key: 'handled-before' }]);
  });

  afterEach(() => ledger.close());

  it('shows the later tasks of a plan the signals the earlier ones would record, and not those they would close', () => {
    const planned: PlannedRecords[] = [];
    const preview = ledgerWithPlannedRecords(ledger, planned, () => now);
    expect(preview.openSignals().map((s) => s.key)).toEqual(['open-before']);

    planned.push({ task: 'office-hours', records: [signal('new'), signal('handled-before'), signal('open-before'), signal('other', 'other-kind')] });
    planned.push({ task: 'historical-banner', records: [{ kind: 'signal-handled', key: 'open-before' }] });

    expect(preview.openSignals(['stale-office-hours']).map((s) => [s.key, s.sourceTask, s.handledAt])).toEqual([['new', 'office-hours', null]]);
    expect(preview.openSignals().map((s) => s.key)).toEqual(['new', 'other']);
    // The ledger itself is untouched: a plan writes nothing.
    expect(ledger.openSignals().map((s) => s.key)).toEqual(['open-before']);
    expect(preview.recentRuns(5)).toEqual(ledger.recentRuns(5));
  });
});
