// A reviewed plan on disk: `deptbot plan --json FILE` saves it, `deptbot apply FILE` applies exactly
// that, through the one writer, and refuses every page whose revision moved since it was planned.
import fs from 'node:fs';
import { z } from 'zod';
import { formatPath, readTextFile } from '../config/load-config';
import type { LedgerRecord } from '../ledger/records';
import type { PageState } from '../wiki/client';
import type { PreparedChange } from './apply-plan';
import { isTitleAllowed } from './allowlist';
import { UsageError, errorMessage } from './errors';
import type { ChangeOutcome, PlannedChange } from './planned-change';
import { applyAndSettle, changeRules, closeRun, openRun, type RunDeps, type TaskRunReport } from './run-task';
import { readShutoff, shutoffPages } from './shutoff';

export const PLAN_FILE_FORMAT = 'deptbot-plan';
export const PLAN_FILE_VERSION = 1;

const ledgerRecordSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('signal'),
    signal: z.object({ type: z.string(), page: z.string(), key: z.string(), data: z.record(z.string(), z.unknown()) }),
  }),
  z.object({ kind: z.literal('signal-handled'), key: z.string() }),
  z.object({
    kind: z.literal('translation-snapshot'),
    snapshot: z.object({
      page: z.string(),
      language: z.string(),
      total: z.number(),
      translated: z.number(),
      fuzzy: z.number(),
      proofread: z.number(),
    }),
  }),
  z.object({ kind: z.literal('task-state'), key: z.string(), value: z.unknown() }),
]);

const savedChangeSchema = z
  .object({
    kind: z.enum(['edit', 'new-section']),
    title: z.string().min(1),
    summary: z.string(),
    baseRevId: z.number().int().nullable(),
    baseTimestamp: z.string().nullable(),
    newText: z.string(),
    minor: z.boolean(),
    sectionTitle: z.string().optional(),
    dedupeKey: z.string().optional(),
    records: z.array(ledgerRecordSchema),
  })
  .strict();

const savedTaskPlanSchema = z
  .object({
    task: z.string().min(1),
    /** The dry-run in the ledger that produced this plan. */
    plannedRunId: z.number().int(),
    plannedAt: z.string(),
    changes: z.array(savedChangeSchema),
    records: z.array(ledgerRecordSchema),
    notes: z.array(z.string()),
  })
  .strict();

const planFileSchema = z
  .object({
    format: z.literal(PLAN_FILE_FORMAT),
    version: z.literal(PLAN_FILE_VERSION),
    createdAt: z.string(),
    /** The wiki the plan was read from: applying it elsewhere is refused. */
    apiUrl: z.string(),
    botName: z.string(),
    tasks: z.array(savedTaskPlanSchema),
  })
  .strict();

export type SavedChange = z.infer<typeof savedChangeSchema>;
export type SavedTaskPlan = z.infer<typeof savedTaskPlanSchema>;
export type PlanFile = z.infer<typeof planFileSchema>;

function savedChange(change: PlannedChange): SavedChange {
  return {
    kind: change.kind,
    title: change.title,
    summary: change.summary,
    baseRevId: change.baseRevId,
    baseTimestamp: change.baseTimestamp,
    newText: change.newText,
    minor: change.minor,
    ...(change.kind === 'new-section' ? { sectionTitle: change.sectionTitle, dedupeKey: change.dedupeKey } : {}),
    records: change.records,
  };
}

/** The plan file for dry-run reports (one entry per task). */
export function planFileFromReports(
  reports: readonly TaskRunReport[],
  source: { apiUrl: string; botName: string; createdAt: Date },
): PlanFile {
  return {
    format: PLAN_FILE_FORMAT,
    version: PLAN_FILE_VERSION,
    createdAt: source.createdAt.toISOString(),
    apiUrl: source.apiUrl,
    botName: source.botName,
    tasks: reports.map((report) => ({
      task: report.task,
      plannedRunId: report.runId,
      plannedAt: report.startedAt,
      changes: report.changes.map(savedChange),
      records: report.records,
      notes: report.notes,
    })),
  };
}

export function writePlanFile(file: string, plan: PlanFile): void {
  fs.writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`);
}

/** Reads and checks a plan file; anything wrong is a UsageError naming the file and the field. */
export function readPlanFile(file: string): PlanFile {
  const text = readTextFile(file, (message) => new UsageError(message));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${errorMessage(error)}); expected a plan saved by "deptbot plan --json"`);
  }
  const parsed = planFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = formatPath(issue.path as Array<string | number>) || '(top level)';
    throw new UsageError(`${file}: not a deptbot plan (${where}: ${issue.message}); save one with "deptbot plan --json"`);
  }
  return parsed.data;
}

/** Why a saved change may no longer be applied to the page as it is now; null when it still may. */
export function staleReason(change: SavedChange, page: PageState | undefined): string | null {
  if (!page) return `the wiki did not return "${change.title}"`;
  if (change.baseRevId === null) {
    return page.exists ? `"${change.title}" was created since the plan was made (revision ${page.revId}); re-plan it` : null;
  }
  if (!page.exists) return `"${change.title}" was deleted since the plan was made; re-plan it`;
  if (page.revId !== change.baseRevId) {
    return `"${change.title}" changed since the plan was made (revision ${change.baseRevId} → ${page.revId}); re-plan it`;
  }
  return null;
}

/**
 * Applies one task's saved plan as a run with trigger 'apply'. Pages whose revision moved are
 * refused (outcome 'failed'), the others are saved without an action: the writer then treats any
 * conflict as "changed since planned" instead of re-planning.
 */
export async function applySavedTaskPlan(deps: RunDeps, saved: SavedTaskPlan): Promise<TaskRunReport> {
  const { wiki, config } = deps;
  const run = openRun(deps, saved.task, 'apply', false);
  const { log } = run;
  const rules = changeRules(config, saved.task, wiki.userName);
  const changes: PlannedChange[] = [];
  let outcomes: ChangeOutcome[] = [];
  let result: TaskRunReport['result'] = 'ok';
  let error: string | undefined;
  log.info('apply started', { plannedRunId: saved.plannedRunId, changes: saved.changes.length });
  try {
    const shutoff = await readShutoff(wiki, shutoffPages(config.safety.shutoffPage, saved.task));
    if (shutoff.active) {
      result = 'shutoff';
      error = `shut off: ${shutoff.reason}`;
    } else {
      const pages = await wiki.readPages(saved.changes.map((c) => c.title));
      const ready: PreparedChange[] = [];
      const refused: ChangeOutcome[] = [];
      for (const change of saved.changes) {
        const page = pages.get(change.title);
        const reason =
          staleReason(change, page) ??
          (page && !isTitleAllowed(page.title, page.namespace, config.safety.allow)
            ? `"${change.title}" is outside the pages this bot may edit (safety.allow)`
            : null);
        if (reason) {
          refused.push({ title: change.title, kind: change.kind, status: 'failed', reason });
          continue;
        }
        const planned: PlannedChange = { ...change, oldText: page?.text ?? '', records: change.records as LedgerRecord[] };
        changes.push(planned);
        ready.push({ change: planned });
      }
      ({ outcomes, result, error } = await applyAndSettle(deps, rules, run, saved.task, ready, refused, saved.records as LedgerRecord[]));
    }
  } catch (caught) {
    result = 'failed';
    error = errorMessage(caught);
    log.error('apply failed', { error, stack: caught instanceof Error ? caught.stack : undefined });
  }
  const account = { task: saved.task, dryRun: false, result, changes, outcomes, notes: saved.notes, records: saved.records as LedgerRecord[], error };
  return closeRun(deps, run, account, { plannedRunId: saved.plannedRunId });
}
