// The contract between the framework and a task: a task reads and plans; only the writer writes.
import type { Logger } from 'winston';
import type { z } from 'zod';
import type { LedgerReader, LedgerRecord } from '../ledger/records';
import type { NamedTaskLedger, TaskLedger } from '../ledger/task-ledger';
import type { PageState, WikiReader } from '../wiki/client';
import { batchesOf } from './batches';

export type TransformResult = { text: string } | { skip: string };

/** A pure function of the page's current text: re-run on fresh text after an edit conflict. */
export type Transform = (text: string, page: PageState) => TransformResult;

export interface EditAction {
  kind: 'edit';
  title: string;
  /** What changed, in words; the framework adds the task name and its documentation link. */
  summary: string;
  transform: Transform;
  /** Regions this edit rewrites: when the page already has them, text outside must stay byte-identical. */
  regions?: readonly string[];
  /** Create the page when it is missing (the transform then gets ''); otherwise a missing page is skipped. */
  createIfMissing?: boolean;
  minor?: boolean;
  /** Written to the ledger once the edit is saved (or found already made). */
  records?: readonly LedgerRecord[];
  /**
   * The page is a translatable source (Translate): after the save, the writer marks the saved
   * revision for translation when it may, or reports why the page needs re-marking
   * (src/core/mark-for-translation.ts).
   */
  markForTranslation?: boolean;
}

export interface NewSectionAction {
  kind: 'new-section';
  title: string;
  sectionTitle: string;
  /** The message; the writer appends the hidden marker and the signature (~~~~). */
  body: string;
  /** Unique for this message: the marker `<!-- deptbot:<dedupeKey> -->` makes posting it exactly-once. */
  dedupeKey: string;
  summary: string;
  records?: readonly LedgerRecord[];
}

export interface SkipAction {
  kind: 'skip';
  title: string;
  reason: string;
}

export type Action = EditAction | NewSectionAction | SkipAction;

/** A plan, or one part of it: see Task.plan. */
export interface TaskPlan {
  actions: Action[];
  /** Written to the ledger when the plan is applied (signals, snapshots, task state), never in dry-run. */
  records?: LedgerRecord[];
  /** Things an editor or operator should know that are not edits (e.g. "needs re-marking"). */
  notes?: string[];
  /**
   * Pages this part read that a later part may act on: the run keeps them as read until it ends, so
   * that preparing the later part does not read them again. Only these: the run lets go of a part's
   * other pages once the part is done.
   */
  keepRead?: string[];
}

export interface TaskContext<S> {
  /** The clock: tasks never read the system time themselves. */
  readonly now: Date;
  readonly settings: S;
  readonly wiki: WikiReader;
  readonly ledger: LedgerReader;
  readonly log: Logger;
  readonly taskName: string;
  /** The bot's user name on the wiki (without the BotPassword suffix). */
  readonly botName: string;
  /** Set by `--page`: a per-page task treats only this page's targets (src/core/per-page.ts); the framework keeps only its actions and records. */
  readonly onlyPage?: string;
  /** How many pages one part of a plan should cover at most (see Task.plan). */
  readonly pagesPerPart: number;
  /**
   * A dry run: nothing is saved between parts, so a per-page task reads its next part while it
   * treats this one (src/core/per-page.ts). A run that saves reads a part only once the one before is saved.
   */
  readonly readsAhead?: boolean;
}

export interface Task<S = any> {
  /** kebab-case; also the ledger key, the shutoff subpage and the documentation anchor. */
  readonly name: string;
  readonly description: string;
  /** What the task edits, in words, for User:DeptBot/Tasks. */
  readonly edits: string;
  /** Five-field cron expression, UTC. */
  readonly defaultSchedule: string;
  readonly settingsSchema: z.ZodType<S>;
  /** What the task keeps in the ledger beyond the framework's records: its tables, record kinds and signals (its ledger.ts). */
  readonly ledger?: TaskLedger;
  /**
   * The plan, in parts. The framework prepares each part (reads its pages, applies the safety
   * rules) and prints or saves it before it asks for the next, so that a part's page texts are let
   * go once it is done: a task that reads many pages yields a part for every `ctx.pagesPerPart` of
   * them; a task with a handful of pages yields one part. Records and notes may come with any part.
   */
  plan(ctx: TaskContext<S>): AsyncIterable<TaskPlan>;
  /**
   * Optional, for `deptbot validate`: checks the task's on-wiki configuration (e.g. a JSON data page)
   * through the read-only context and returns each problem in words, naming the page; [] when fine.
   */
  validate?(ctx: TaskContext<S>): Promise<string[]>;
}

/** Pages per part when the caller sets none: one request's worth of titles with apihighlimits. */
export const PAGES_PER_PART = 500;

/**
 * `items` in consecutive parts of at most `size` items. No items make one empty part, so that a
 * plan always has a part to carry its notes and records.
 */
export function partsOf<T>(items: readonly T[], size: number): T[][] {
  return items.length ? batchesOf(items, size) : [[]];
}

/** The ledger declarations of `tasks` that have any, each under its task's name. */
export function taskLedgersOf(tasks: readonly Task[]): NamedTaskLedger[] {
  return tasks.flatMap((task) => (task.ledger ? [{ task: task.name, ...task.ledger }] : []));
}
