// What a session's `exdate` and `overrides` do to its occurrences, and which of those entries
// cannot be applied (cancelling or changing an occurrence the rule does not have, two changes of one
// occurrence, a move onto another occurrence). A bad entry is left out and reported; the rest of
// the session stands. Pure, and remembered per session object.
import { scheduledWallTimes } from './recurrence';
import type { Session, SessionOverride } from './session';
import { floatingText, instantOf, parseWallTime, type FloatingMs } from './wall-time';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface OccurrenceChange {
  override: SessionOverride;
  /** The new wall time, when the override moves the occurrence. */
  movedTo?: FloatingMs;
}

export interface ChangeProblem {
  /** Where in the session, e.g. `['overrides', 1]`. */
  path: ['exdate' | 'overrides', number];
  message: string;
}

export interface OccurrenceChanges {
  /** Scheduled wall times that are cancelled. */
  cancelled: ReadonlySet<FloatingMs>;
  /** Changes by the scheduled wall time they apply to. */
  changed: ReadonlyMap<FloatingMs, OccurrenceChange>;
  problems: ChangeProblem[];
}

const NO_CHANGES: OccurrenceChanges = { cancelled: new Set(), changed: new Map(), problems: [] };

/** The scheduled wall times that `reference` (a local date, or date and time) names. */
function occurrencesNamed(session: Session, reference: string): FloatingMs[] {
  const parsed = parseWallTime(reference);
  if (!parsed) return [];
  const last = parsed.hasTime ? parsed.floating : parsed.floating + DAY_MS - 1;
  return scheduledWallTimes(session, parsed.floating, last);
}

function readExdates(session: Session, problems: ChangeProblem[]): Set<FloatingMs> {
  const cancelled = new Set<FloatingMs>();
  (session.exdate ?? []).forEach((reference, index) => {
    const named = occurrencesNamed(session, reference);
    if (named.length === 0) {
      problems.push({ path: ['exdate', index], message: `"${reference}" is not an occurrence of this session, so there is nothing to cancel` });
    } else if (named.every((floating) => cancelled.has(floating))) {
      problems.push({ path: ['exdate', index], message: `"${reference}" is already cancelled by an earlier exdate entry` });
    }
    for (const floating of named) cancelled.add(floating);
  });
  return cancelled;
}

/** The one scheduled wall time an override names, or why there is none. */
function overriddenOccurrence(session: Session, override: SessionOverride): FloatingMs | string {
  const named = occurrencesNamed(session, override.occurrence);
  if (named.length === 0) return `"${override.occurrence}" is not an occurrence of this session`;
  if (named.length > 1) {
    const times = named.map((floating) => floatingText(floating).slice(11)).join(', ');
    return `"${override.occurrence}" has ${named.length} occurrences (${times}); give the date and time of the one to change`;
  }
  return named[0]!;
}

interface Interval {
  start: number;
  end: number;
  label: string;
}

/** Where each occurrence near `around` takes place: as scheduled unless `away`, and the accepted changes. */
function intervalsNear(session: Session, around: FloatingMs, away: ReadonlySet<FloatingMs>, accepted: ReadonlyMap<FloatingMs, OccurrenceChange>): Interval[] {
  const reach = 2 * DAY_MS;
  const intervalOf = (floating: FloatingMs, durationMinutes: number, label: string): Interval => {
    const start = instantOf(floating, session.timeZone);
    return { start, end: start + durationMinutes * MINUTE_MS, label };
  };
  return [
    ...scheduledWallTimes(session, around - reach, around + reach)
      .filter((floating) => !away.has(floating))
      .map((floating) => intervalOf(floating, session.durationMinutes, `the occurrence of ${floatingText(floating)}`)),
    ...[...accepted].map(([original, change]) =>
      intervalOf(change.movedTo ?? original, change.override.durationMinutes ?? session.durationMinutes, `the changed occurrence of ${floatingText(original)}`),
    ),
  ];
}

/** The other occurrence the change would overlap, if any. */
function overlapOf(session: Session, original: FloatingMs, change: OccurrenceChange, away: ReadonlySet<FloatingMs>, accepted: ReadonlyMap<FloatingMs, OccurrenceChange>): string | null {
  const at = change.movedTo ?? original;
  const start = instantOf(at, session.timeZone);
  const end = start + (change.override.durationMinutes ?? session.durationMinutes) * MINUTE_MS;
  const clash = intervalsNear(session, at, away, accepted).find((other) => other.start < end && start < other.end);
  return clash ? clash.label : null;
}

/** The scheduled wall time the override changes, or why it cannot change one. */
function matchOverride(
  session: Session,
  override: SessionOverride,
  cancelled: ReadonlySet<FloatingMs>,
  matched: ReadonlyMap<FloatingMs, { index: number }>,
): FloatingMs | string {
  const original = overriddenOccurrence(session, override);
  if (typeof original === 'string') return original;
  if (cancelled.has(original)) return `"${override.occurrence}" is cancelled by exdate; remove one of the two`;
  const earlier = matched.get(original);
  if (earlier) return `"${override.occurrence}" is already changed by overrides[${earlier.index}]; give one override per occurrence`;
  return original;
}

/**
 * The overrides that can be applied. First each is matched to its occurrence; then, in order, each
 * is checked against the occurrences left where they were and the changes already accepted.
 */
function readOverrides(session: Session, cancelled: ReadonlySet<FloatingMs>, problems: ChangeProblem[]): Map<FloatingMs, OccurrenceChange> {
  const matched = new Map<FloatingMs, { index: number; change: OccurrenceChange }>();
  (session.overrides ?? []).forEach((override, index) => {
    const original = matchOverride(session, override, cancelled, matched);
    if (typeof original === 'string') {
      problems.push({ path: ['overrides', index], message: original });
      return;
    }
    const movedTo = override.start === undefined ? undefined : parseWallTime(override.start)?.floating;
    matched.set(original, { index, change: { override, ...(movedTo !== undefined && movedTo !== original ? { movedTo } : {}) } });
  });
  const away = new Set([...cancelled, ...matched.keys()]);
  const accepted = new Map<FloatingMs, OccurrenceChange>();
  for (const [original, { index, change }] of matched) {
    const clash = overlapOf(session, original, change, away, accepted);
    if (clash) problems.push({ path: ['overrides', index], message: `the changed occurrence would overlap ${clash}` });
    else accepted.set(original, change);
  }
  return accepted;
}

const known = new WeakMap<Session, OccurrenceChanges>();

/** The session's cancelled and changed occurrences, and the entries that could not be applied. */
export function occurrenceChanges(session: Session): OccurrenceChanges {
  if (session.exdate === undefined && session.overrides === undefined) return NO_CHANGES;
  let changes = known.get(session);
  if (!changes) {
    const problems: ChangeProblem[] = [];
    const cancelled = readExdates(session, problems);
    changes = { cancelled, changed: readOverrides(session, cancelled, problems), problems };
    known.set(session, changes);
  }
  return changes;
}
