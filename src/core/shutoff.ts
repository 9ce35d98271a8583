// The shutoff pages: a global one and one per task. Anything but empty or "active" stops writing.
// A missing page means "not shut off"; a page that cannot be read stops writing (we cannot tell).
// A wiki that does not answer at all is not a shutoff: its WikiUnreachableError goes on (exit 4, not 3).
// Before saves, the pages are read again only once the last read is older than a few seconds
// (safety.shutoffRecheckSeconds): ShutoffCheck.
import { WikiUnreachableError, errorMessage } from './errors';
import type { WikiReader } from '../wiki/client';

export type ShutoffState = { active: false } | { active: true; page: string; reason: string };

export function shutoffPages(globalPage: string, taskName: string): string[] {
  return [globalPage, `${globalPage}/${taskName}`];
}

export function isShutoffText(text: string): boolean {
  const content = text.trim().toLowerCase();
  return content !== '' && content !== 'active';
}

export async function readShutoff(wiki: WikiReader, pages: readonly string[]): Promise<ShutoffState> {
  let states;
  try {
    states = await wiki.readPages(pages);
  } catch (error) {
    if (error instanceof WikiUnreachableError) throw error;
    return { active: true, page: pages[0], reason: `the shutoff page could not be read (${errorMessage(error)})` };
  }
  for (const page of pages) {
    const state = states.get(page);
    // A typo in safety.shutoffPage must not switch the emergency stop off for good: it cannot be read, so stop.
    if (state?.invalidReason) {
      return { active: true, page, reason: `the shutoff page "${page}" is not a valid title (${state.invalidReason}); fix safety.shutoffPage` };
    }
    if (state?.exists && state.text !== null && isShutoffText(state.text)) {
      return { active: true, page: state.title, reason: `"${state.title}" says: ${state.text.trim().slice(0, 200)}` };
    }
  }
  return { active: false };
}

/**
 * The shutoff pages as read before saves: read again only when the last read started
 * `recheckMs` ago or more, so a run saving without a throttle reads them once per interval, not
 * once per save, and a shutoff switched on meanwhile stops the saves at most `recheckMs` later.
 * A read that fails (the wiki unreachable) is not remembered: the next check reads again.
 */
export class ShutoffCheck {
  private last?: { startedAt: number; state: ShutoffState };

  constructor(
    private readonly wiki: WikiReader,
    private readonly pages: readonly string[],
    private readonly recheckMs: number,
  ) {}

  async state(): Promise<ShutoffState> {
    const startedAt = performance.now();
    if (this.last && startedAt - this.last.startedAt < this.recheckMs) return this.last.state;
    const state = await readShutoff(this.wiki, this.pages);
    this.last = { startedAt, state };
    return state;
  }
}
