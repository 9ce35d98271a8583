import { formatPlanFooter, formatPlanHeader, formatPlannedChanges } from '../../../src/cli/format-report';
import type { ChangeOutcome, PlannedChange } from '../../../src/core/planned-change';
import type { TaskRunReport } from '../../../src/core/run-loop';

const change = (title: string, kind: PlannedChange['kind'] = 'edit'): PlannedChange => ({
  kind,
  title,
  summary: `Noting on ${title}`,
  baseRevId: 3,
  baseTimestamp: null,
  oldText: 'a\n',
  newText: kind === 'edit' ? 'a\nb\n' : 'Hello ~~~~',
  minor: false,
  sectionTitle: kind === 'new-section' ? 'A reminder' : undefined,
  records: [],
});

const report = (outcomes: ChangeOutcome[], extra: Partial<TaskRunReport> = {}): TaskRunReport => ({
  task: 'alpha',
  runId: 7,
  dryRun: true,
  result: 'ok',
  startedAt: '2026-03-01T10:00:00.000Z',
  endedAt: '2026-03-01T10:00:01.000Z',
  outcomes,
  notes: [],
  records: [],
  requests: 2,
  ...extra,
});

describe('deptbot plan output', () => {
  it('a header without a run id, since the run has not started when it is printed', () => {
    expect(formatPlanHeader('alpha', false)).toBe('== alpha: plan (dry run, nothing written) ==');
  });

  it("a part's changes: each one's diff and summary after a blank line; nothing for an empty part", () => {
    expect(formatPlannedChanges([], false)).toBe('');
    expect(formatPlannedChanges([change('P1'), change('Talk:P1', 'new-section')], false).split('\n')).toEqual([
      '',
      '--- P1\trevision 3',
      '+++ P1\tplanned',
      '@@ -1,1 +1,2 @@',
      ' a',
      '+b',
      'summary: Noting on P1',
      '',
      '--- Talk:P1\trevision 3',
      '+++ Talk:P1\tplanned',
      '@@ -1,1 +1,4 @@',
      ' a',
      '+',
      '+== A reminder ==',
      '+Hello ~~~~',
      'new section: "A reminder"',
      'summary: Noting on Talk:P1',
    ]);
  });

  it('a footer counting the outcomes, with the pages not planned, the notes and the ledger run', () => {
    const outcomes: ChangeOutcome[] = [
      { title: 'P1', kind: 'edit', status: 'planned' },
      { title: 'P2', kind: 'edit', status: 'planned' },
      { title: 'P3', kind: 'edit', status: 'unchanged' },
      { title: 'P4', kind: 'edit', status: 'skipped', reason: 'the page says {{nobots}}' },
      { title: 'P5', kind: 'edit', status: 'failed', reason: 'outside safety.allow' },
    ];

    expect(formatPlanFooter(report(outcomes, { notes: ['re-mark P6'] }), false).split('\n')).toEqual([
      '',
      '  skipped "P4": the page says {{nobots}}',
      '  failed "P5": outside safety.allow',
      '  note: re-mark P6',
      '',
      'alpha: 2 change(s) planned, 1 already up to date, 1 skipped, 1 failed (ledger run 7)',
    ]);
  });

  it('a failed plan: its error, and the count line says so', () => {
    const failed = report([{ title: 'P1', kind: 'edit', status: 'planned' }], { result: 'failed', error: 'the wiki went away' });

    const footer = formatPlanFooter(failed, false);

    expect(footer.split('\n')).toEqual([
      '  error: the wiki went away',
      '',
      'alpha: 1 change(s) planned, 0 already up to date, 0 skipped, 0 failed (ledger run 7) — the plan failed',
    ]);
  });
});
