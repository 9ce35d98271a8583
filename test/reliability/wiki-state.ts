// What the reliability suites compare: the pages a run may write, as the wiki holds them, with the
// copy's prefix and the times of signatures normalised, so that two copies can be compared.
import type { LedgerReader } from '../../src/ledger/records';
import type { WikiClient } from '../../src/wiki/client';

export interface WrittenPage {
  /** The title, with the copy's prefix written as `<prefix>`. */
  page: string;
  /** The text, normalised likewise; null when the page does not exist. */
  text: string | null;
  /** Revisions the bot saved on the page. */
  botRevisions: number;
  /** Each `<!-- deptbot:… -->` marker on the page (regions and reminders), with how often it stands there. */
  markers: Record<string, number>;
  /** The bot's revisions the ledger knows (its edits' new revision ids), when a ledger was given. */
  ledgerKnown?: number;
  /** Reminders (new sections) standing on the page that the ledger does not know, when a ledger was given. */
  unrecordedReminders?: string[];
}

export interface Difference {
  page: string;
  kind: 'lost' | 'duplicated' | 'mismatch';
  /** Edits lost or duplicated; 1 for a mismatched page. */
  count: number;
  detail: string;
}

// A signature's time as MediaWiki expands ~~~~ ("09:14, 21 November 2026 (UTC)"): it depends on when the post was saved.
const SIGNATURE_TIME = /\d{2}:\d{2}, \d{1,2} [A-Z][a-z]+ \d{4} \(UTC\)/g;
const MARKER = /<!-- \/?deptbot:[^>]*?-->/g;

/** The prefix as written in titles, in URLs (%20) and in links with underscores, replaced by `<prefix>`. */
export function normalise(text: string, prefix: string): string {
  const spellings = [prefix, prefix.replace(/ /g, '_'), encodeURIComponent(prefix)];
  return spellings.reduce((result, spelling) => result.split(spelling).join('<prefix>'), text).replace(SIGNATURE_TIME, '<time>');
}

/** The dedupe keys of the new sections on a page: markers without a closing marker (those are managed regions). */
export function reminderKeys(text: string): string[] {
  const keys = [...text.matchAll(/<!-- deptbot:(.+?) -->/g)].map((m) => m[1]);
  return keys.filter((key) => !text.includes(`<!-- /deptbot:${key} -->`));
}

async function botRevisionIds(reader: WikiClient, title: string, botName: string): Promise<number[]> {
  const response = await reader.query({ prop: 'revisions', titles: title, rvuser: botName, rvprop: 'ids', rvlimit: 'max' });
  return (response.query?.pages?.[0]?.revisions ?? []).map((r: { revid: number }) => r.revid);
}

/** Reads the pages straight from the wiki (not through a proxy). */
export async function readWrittenPages(
  reader: WikiClient,
  titles: readonly string[],
  prefix: string,
  botName: string,
  ledger?: LedgerReader,
): Promise<WrittenPage[]> {
  const states = await reader.readPages(titles);
  const pages: WrittenPage[] = [];
  for (const title of titles) {
    const state = states.get(title);
    const text = state?.exists ? normalise(state.text ?? '', prefix) : null;
    const markers: Record<string, number> = {};
    for (const marker of text?.match(MARKER) ?? []) markers[marker] = (markers[marker] ?? 0) + 1;
    const revisions = state?.exists ? await botRevisionIds(reader, state.title, botName) : [];
    const recorded = ledger && new Set(ledger.editsOn(state?.title ?? title).map((edit) => edit.newRevId));
    pages.push({
      page: normalise(title, prefix),
      text,
      botRevisions: revisions.length,
      markers,
      ...(ledger && recorded
        ? {
            ledgerKnown: revisions.filter((id) => recorded.has(id)).length,
            unrecordedReminders: reminderKeys(state?.text ?? '').filter((key) => !ledger.reminder(key)),
          }
        : {}),
    });
  }
  return pages;
}

function firstDifferentLine(expected: string | null, actual: string | null): string {
  if (expected === null || actual === null) return expected === null ? 'the page exists but should not' : 'the page is missing';
  const a = expected.split('\n');
  const b = actual.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: expected ${JSON.stringify(a[at] ?? '(end)')}, got ${JSON.stringify(b[at] ?? '(end)')}`;
}

/**
 * Compares a run's pages with an undisturbed run's: edits lost (fewer revisions or markers),
 * duplicated (more), and other text differences. `extraRevisions` allows a page more bot revisions
 * than the reference (saves the writer redid after a merge).
 */
export function compareWrittenPages(
  expected: readonly WrittenPage[],
  actual: readonly WrittenPage[],
  extraRevisions: ReadonlyMap<string, number> = new Map(),
): Difference[] {
  const differences: Difference[] = [];
  for (const want of expected) {
    const got = actual.find((p) => p.page === want.page);
    if (!got) {
      differences.push({ page: want.page, kind: 'mismatch', count: 1, detail: 'not read' });
      continue;
    }
    const markers = [...new Set([...Object.keys(want.markers), ...Object.keys(got.markers)])];
    const markerGap = (sign: 1 | -1) => Math.max(0, ...markers.map((m) => sign * ((got.markers[m] ?? 0) - (want.markers[m] ?? 0))));
    const lost = Math.max(want.botRevisions - got.botRevisions, markerGap(-1));
    const duplicated = Math.max(got.botRevisions - want.botRevisions - (extraRevisions.get(want.page) ?? 0), markerGap(1));
    const counts = `bot revisions ${got.botRevisions} (expected ${want.botRevisions})`;
    if (lost > 0) differences.push({ page: want.page, kind: 'lost', count: lost, detail: counts });
    if (duplicated > 0) differences.push({ page: want.page, kind: 'duplicated', count: duplicated, detail: counts });
    if (got.text !== want.text) {
      differences.push({ page: want.page, kind: 'mismatch', count: 1, detail: firstDifferentLine(want.text, got.text) });
    }
  }
  return differences;
}

export function countDifferences(differences: readonly Difference[], kind: Difference['kind']): number {
  return differences.filter((d) => d.kind === kind).reduce((sum, d) => sum + d.count, 0);
}
