// A task's signals are checked against its own declarations when the ledger writes them (and when a
// plan file asks for them): a signal the task does not declare, or data its consumers could not
// read, is refused with an error naming the task and the signal, and nothing of the batch is written.
import { Ledger } from '../../../src/ledger/ledger';
import type { LedgerRecord } from '../../../src/ledger/records';
import { recordProblems } from '../../../src/ledger/task-ledger';
import { registeredTaskLedgers } from '../../../tasks';
import { historicalBannerLedger } from '../../../tasks/historical-banner/ledger';

const AT = new Date('2026-11-21T12:00:00Z');
const PAGE = 'Wikimedia Foundation/Legal';

function bannerRemoved(data: Record<string, unknown>): LedgerRecord {
  return { kind: 'signal', signal: { type: 'banner-removed', page: PAGE, key: `banner-removed:${PAGE}:10`, data } };
}

function openLedger(): { ledger: Ledger; runId: number } {
  const ledger = Ledger.open(':memory:', registeredTaskLedgers);
  return { ledger, runId: ledger.startRun('historical-banner', 'cli', false, AT) };
}

describe('signals checked when written', () => {
  it('writes a signal the task declares, with data its schema accepts', () => {
    const { ledger, runId } = openLedger();
    ledger.recordAll(runId, 'historical-banner', AT, [bannerRemoved({ template: 'Historical', addedInRevision: 10 })]);
    expect(ledger.openSignals().map((s) => [s.sourceTask, s.type, s.page])).toEqual([['historical-banner', 'banner-removed', PAGE]]);
  });

  it('refuses a signal of a type the task does not declare, naming the task and the signal', () => {
    const { ledger } = openLedger();
    const other = ledger.startRun('translation-status', 'cli', false, AT);
    expect(() => ledger.recordAll(other, 'translation-status', AT, [bannerRemoved({ template: 'Historical', addedInRevision: 10 })])).toThrow(
      `task translation-status: signal "banner-removed:${PAGE}:10" is of type "banner-removed", which the task does not declare in its ledger.ts`,
    );
    expect(ledger.openSignals()).toEqual([]);
  });

  it('refuses data the declared schema does not accept, and writes nothing of the batch', () => {
    const { ledger, runId } = openLedger();
    const good = { kind: 'signal' as const, signal: { type: 'banner-removed', page: 'Other', key: 'banner-removed:Other:3', data: { template: 'Historical', addedInRevision: 3 } } };
    expect(() => ledger.recordAll(runId, 'historical-banner', AT, [good, bannerRemoved({ template: '', addedInRevision: -1 })])).toThrow(
      /^task historical-banner: signal "banner-removed:Wikimedia Foundation\/Legal:10" \(banner-removed\) about "Wikimedia Foundation\/Legal" has invalid data: template: .*; addedInRevision: /,
    );
    expect(ledger.openSignals()).toEqual([]);
  });

  it('does not check a task the ledger has no declaration for (a test task, the status pages)', () => {
    const { ledger, runId } = openLedger();
    ledger.recordAll(runId, 'test-append', AT, [bannerRemoved({ anything: true })]);
    expect(ledger.openSignals()).toHaveLength(1);
  });

  it('reports the same problems for a plan file before anything is applied', () => {
    expect(recordProblems(historicalBannerLedger, [bannerRemoved({ template: 'Historical' })])).toEqual([
      `signal "banner-removed:${PAGE}:10" (banner-removed) about "${PAGE}" has invalid data: addedInRevision: Invalid input: expected number, received undefined`,
    ]);
    expect(recordProblems(historicalBannerLedger, [{ kind: 'signal', signal: { type: 'stale-office-hours', page: PAGE, key: 'k', data: {} } }])).toEqual([
      'signal "k" is of type "stale-office-hours", which the task does not declare in its ledger.ts',
    ]);
  });
});
