// A reviewed plan on disk: `deptbot plan --json FILE` saves it, `deptbot apply FILE` applies exactly
// that, through the one writer, and refuses every page whose revision moved since it was planned.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatPath, readTextFile } from '../config/load-config';
import type { AllowRule } from '../config/schema';
import { ledgerRecordSchema } from '../ledger/records';
import type { PageState, WikiReader } from '../wiki/client';
import { isTitleAllowed } from './allowlist';
import { UsageError, errorMessage } from './errors';
import { notSaved, type PlannedChange } from './planned-change';
import { runLoop, type RunDeps, type RunSource, type SourcePart, type TaskRunReport } from './run-loop';

export const PLAN_FILE_FORMAT = 'deptbot-plan';
export const PLAN_FILE_VERSION = 1;

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
    markForTranslation: z.boolean().optional(),
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
    ...(change.markForTranslation ? { markForTranslation: true } : {}),
  };
}

/** Where a plan was read from, and when the file was begun. */
export interface PlanSource {
  apiUrl: string;
  botName: string;
  createdAt: Date;
}

/** Two spaces per level, as JSON.stringify(…, null, 2) lays a document out. */
function indent(depth: number): string {
  return '  '.repeat(depth);
}

/** `value` as JSON.stringify(…, null, 2) would write it `depth` levels deep. */
function nestedJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent(depth)}`);
}

/** The members of `object`, one a line, as JSON.stringify(…, null, 2) would write them `depth` levels deep. */
function jsonMembers(object: Record<string, unknown>, depth: number): string {
  return Object.entries(object)
    .map(([key, value]) => `${indent(depth)}${JSON.stringify(key)}: ${nestedJson(value, depth)}`)
    .join(',\n');
}

/**
 * Writes a plan file while the plan is made: each part's changes go to disk as they arrive (their
 * saved form, without oldText), so a plan of many pages never holds all their texts at once. The
 * file is written under a temporary name next to the target and renamed into place by `finish`
 * only when complete; `abort` removes it, leaving any earlier file at the target as it was.
 * Order: open → (beginTask → addChanges… → endTask)… → finish, or abort at any point.
 */
export class PlanFileWriter {
  private state: 'between-tasks' | 'in-task' | 'closed' = 'between-tasks';
  private tasks = 0;
  private changesInTask = 0;
  private changes = 0;

  private constructor(
    readonly file: string,
    private readonly temp: string,
    private readonly fd: number,
  ) {}

  /** Starts the file; a target whose folder cannot be written to is a UsageError naming it. */
  static open(file: string, source: PlanSource): PlanFileWriter {
    const temp = path.join(path.dirname(file), `${path.basename(file)}.${process.pid}.tmp`);
    let fd: number;
    try {
      fd = fs.openSync(temp, 'wx');
    } catch (error) {
      throw new UsageError(`${file}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    const writer = new PlanFileWriter(file, temp, fd);
    const head: Omit<PlanFile, 'tasks'> = {
      format: PLAN_FILE_FORMAT,
      version: PLAN_FILE_VERSION,
      createdAt: source.createdAt.toISOString(),
      apiUrl: source.apiUrl,
      botName: source.botName,
    };
    try {
      writer.write(`{\n${jsonMembers(head, 1)},\n${indent(1)}"tasks": [`);
    } catch (error) {
      writer.abort();
      throw error;
    }
    return writer;
  }

  beginTask(task: string): void {
    this.expect('between-tasks', 'beginTask');
    this.write(`${this.tasks ? ',' : ''}\n${indent(2)}{\n${jsonMembers({ task }, 3)},\n${indent(3)}"changes": [`);
    this.tasks++;
    this.state = 'in-task';
    this.changesInTask = 0;
  }

  addChanges(changes: readonly PlannedChange[]): void {
    this.expect('in-task', 'addChanges');
    for (const change of changes) {
      this.write(`${this.changesInTask ? ',' : ''}\n${indent(4)}${nestedJson(savedChange(change), 4)}`);
      this.changesInTask++;
      this.changes++;
    }
  }

  /** Closes the task's entry with what is known only once its dry-run is over. */
  endTask(report: Pick<TaskRunReport, 'runId' | 'startedAt' | 'records' | 'notes'>): void {
    this.expect('in-task', 'endTask');
    const rest: Omit<SavedTaskPlan, 'task' | 'changes'> = {
      plannedRunId: report.runId,
      plannedAt: report.startedAt,
      records: report.records,
      notes: report.notes,
    };
    this.write(`${this.changesInTask ? `\n${indent(3)}` : ''}],\n${jsonMembers(rest, 3)}\n${indent(2)}}`);
    this.state = 'between-tasks';
  }

  /** Completes the file and renames it into place; returns how many changes it holds. */
  finish(): number {
    this.expect('between-tasks', 'finish');
    try {
      this.write(`${this.tasks ? `\n${indent(1)}` : ''}]\n}\n`);
      fs.fsyncSync(this.fd);
      this.close();
      fs.renameSync(this.temp, this.file);
    } catch (error) {
      this.abort();
      throw error;
    }
    return this.changes;
  }

  /** Removes the unfinished file; the target is left as it was. Does nothing once finished. */
  abort(): void {
    try {
      this.close();
    } finally {
      fs.rmSync(this.temp, { force: true });
    }
  }

  private close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    fs.closeSync(this.fd);
  }

  private expect(state: PlanFileWriter['state'], step: string): void {
    if (this.state !== state) throw new Error(`PlanFileWriter: ${step} called while ${this.state}`);
  }

  private write(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(this.fd, bytes, at);
  }
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

/** The saved plan's changes whose page has not moved since, and the others refused (outcome 'failed'). */
async function savedPlanPart(wiki: WikiReader, allow: readonly AllowRule[], saved: SavedTaskPlan): Promise<SourcePart> {
  const pages = await wiki.readPages(saved.changes.map((c) => c.title));
  const part: SourcePart = { ready: [], settled: [], recovered: [], notes: saved.notes, records: saved.records };
  for (const change of saved.changes) {
    const page = pages.get(change.title);
    const reason =
      staleReason(change, page) ??
      (page && !isTitleAllowed(page.title, page.namespace, allow) ? `"${change.title}" is outside the pages this bot may edit (safety.allow)` : null);
    if (reason) part.settled.push(notSaved(change, reason, 'failed'));
    else part.ready.push({ change: { ...change, oldText: page?.text ?? '', records: change.records } });
  }
  return part;
}

/**
 * One task's saved plan as the source of a run with trigger 'apply'. Pages whose revision moved are
 * refused, the others are saved without an action: the writer then treats any conflict as "changed
 * since planned" instead of re-planning.
 */
export function savedPlanSource(wiki: WikiReader, allow: readonly AllowRule[], saved: SavedTaskPlan): RunSource {
  return {
    task: saved.task,
    trigger: 'apply',
    dryRun: false,
    about: { plannedRunId: saved.plannedRunId, changes: saved.changes.length },
    details: { plannedRunId: saved.plannedRunId },
    async *parts() {
      yield await savedPlanPart(wiki, allow, saved);
    },
  };
}

/** Applies one task's saved plan through the run loop. */
export function applySavedTaskPlan(deps: RunDeps, saved: SavedTaskPlan): Promise<TaskRunReport> {
  return runLoop(deps, savedPlanSource(deps.wiki, deps.config.safety.allow, saved));
}
