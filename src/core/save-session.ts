// Saving a run's prepared changes, part after part: the edit budget, the shutoff check before every
// save (a fresh read once the last is older than safety.shutoffRecheckSeconds) and a stop request
// hold across the parts; the writer does each save.
import type { Ledger } from '../ledger/ledger';
import type { WikiClient } from '../wiki/client';
import { WikiUnreachableError, errorMessage } from './errors';
import { MARK_KIND } from './mark-for-translation';
import { isSaved, notSaved, type ChangeOutcome, type PreparedChange } from './planned-change';
import { ShutoffCheck, shutoffPages } from './shutoff';
import { Writer, type WriterOptions } from './writer';

export interface SaveOptions extends WriterOptions {
  shutoffPage: string;
  /**
   * The shutoff pages are read again before a save only once the last read is this old (ms); with
   * `throttleMs` at least this long, before every save. Not given: before every save.
   */
  shutoffRecheckMs?: number;
  editBudget: number;
  /** Checked between saves: true stops before the next one (SIGTERM). */
  shouldStop?: () => boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Why saving ended before the source did. */
export type SaveEnd = { kind: 'stopped' } | { kind: 'shutoff'; page: string; reason: string } | { kind: 'unreachable'; error: string };

function unreachableReason(error: string): string {
  return `not reached: the wiki stopped answering (${error})`;
}

export class SaveSession {
  /** Set once saving has ended early: no later part is to be asked for. */
  ended?: SaveEnd;
  private readonly writer: Writer;
  private readonly shutoff: ShutoffCheck;
  private saves = 0;
  private done = 0;
  private total = 0;

  constructor(
    client: WikiClient,
    ledger: Ledger,
    private readonly options: SaveOptions,
  ) {
    this.writer = new Writer(client, ledger, options);
    // A throttle at least as long as the interval reads before every save, by rule rather than by timing.
    const interval = options.shutoffRecheckMs ?? 0;
    const recheckMs = options.throttleMs >= interval ? 0 : interval;
    this.shutoff = new ShutoffCheck(client, shutoffPages(options.shutoffPage, options.taskName), recheckMs);
  }

  /**
   * Saves a part in order, yielding each outcome as it happens. A stop request, a shutoff or a wiki
   * that stops answering ends saving (`ended`); once the budget is used up the rest of the part is
   * held back. Every change of the part gets one outcome: the ones never tried are 'not-reached'.
   */
  async *savePart(part: readonly PreparedChange[]): AsyncGenerator<ChangeOutcome> {
    // The total grows as parts arrive: it counts the changes prepared so far.
    this.total += part.length;
    for (const [index, prepared] of part.entries()) {
      const outcome = await this.saveOrRefuse(prepared);
      if (typeof outcome === 'string') {
        yield* part.slice(index).map(({ change }) => notSaved(change, outcome, 'not-reached'));
        return;
      }
      this.account(outcome);
      yield outcome;
      const marking = await this.markingAfter(prepared, outcome);
      if (marking) yield marking;
      this.options.onProgress?.(++this.done, this.total);
      if (this.ended?.kind === 'unreachable') {
        const reason = unreachableReason(this.ended.error);
        yield* part.slice(index + 1).map(({ change }) => notSaved(change, reason, 'not-reached'));
        return;
      }
    }
  }

  /** The change saved, or why it is not (and the rest of its part with it). */
  private async saveOrRefuse(prepared: PreparedChange): Promise<ChangeOutcome | string> {
    try {
      return (await this.refusal()) ?? (await this.writer.save(prepared));
    } catch (error) {
      return this.lostWiki(error);
    }
  }

  /** A wiki that stopped answering ends saving: why the change and the rest are not reached. Other errors go on. */
  private lostWiki(error: unknown): string {
    if (!(error instanceof WikiUnreachableError)) throw error;
    this.ended = { kind: 'unreachable', error: errorMessage(error) };
    return unreachableReason(this.ended.error);
  }

  private account(outcome: ChangeOutcome): void {
    if (isSaved(outcome)) this.saves++;
    this.options.log.info('change applied', { page: outcome.title, kind: outcome.kind, status: outcome.status, reason: outcome.reason });
  }

  /**
   * The marking for translation that follows the save of a translatable source
   * (EditAction.markForTranslation): a write under the same rules as a save (stop request, budget,
   * shutoff, throttle; the page already passed the allowlist and the exclusion check). Null when none follows.
   */
  private async markingAfter({ change }: PreparedChange, saved: ChangeOutcome): Promise<ChangeOutcome | null> {
    if (!change.markForTranslation || !saved.newRevId || (saved.status !== 'edited' && saved.status !== 'created')) return null;
    const refusal = await this.refusal();
    if (refusal) {
      const reason = `${refusal.replace(/^not saved: /, 'not marked for translation: ')}; it needs re-marking`;
      return { title: saved.title, kind: MARK_KIND, status: 'skipped', reason };
    }
    const marking = await this.writer.mark({ title: saved.title, revId: saved.newRevId, text: change.newText });
    this.account(marking);
    return marking;
  }

  /** Why the next change may not be saved (and is held back with the rest of its part); null when it may. */
  private async refusal(): Promise<string | null> {
    if (this.options.shouldStop?.()) {
      this.ended = { kind: 'stopped' };
      return 'not saved: the bot was asked to stop';
    }
    if (this.saves >= this.options.editBudget) return `not saved: the edit budget of ${this.options.editBudget} per run is used up; next run`;
    let shutoff;
    try {
      shutoff = await this.shutoff.state();
    } catch (error) {
      // Also before a marking for translation: the marking is left undone and the rest of the part not reached.
      return this.lostWiki(error);
    }
    if (!shutoff.active) return null;
    this.ended = { kind: 'shutoff', page: shutoff.page, reason: shutoff.reason };
    return `not saved: shut off (${shutoff.reason})`;
  }
}
