// Managed regions: the bot rewrites only between `<!-- deptbot:<name> -->` and `<!-- /deptbot:<name> -->`.
// Everything outside stays byte-identical; a start marker without its end marker is never guessed at.

export interface RegionMarkers {
  start: string;
  end: string;
}

export type RegionLookup =
  | { kind: 'absent' }
  | { kind: 'broken'; reason: string }
  /** `bodyStart`..`bodyEnd` is the text between the markers; `blockStart`..`blockEnd` includes them. */
  | { kind: 'found'; blockStart: number; bodyStart: number; bodyEnd: number; blockEnd: number };

export function regionMarkers(name: string): RegionMarkers {
  return { start: `<!-- deptbot:${name} -->`, end: `<!-- /deptbot:${name} -->` };
}

function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

export function findRegion(text: string, name: string): RegionLookup {
  const { start, end } = regionMarkers(name);
  const starts = countOf(text, start);
  const ends = countOf(text, end);
  if (starts === 0 && ends === 0) return { kind: 'absent' };
  if (starts !== 1 || ends !== 1) {
    return {
      kind: 'broken',
      reason: `managed region "${name}" has ${starts} start marker(s) and ${ends} end marker(s); expected one of each`,
    };
  }
  const blockStart = text.indexOf(start);
  const bodyEnd = text.indexOf(end);
  if (bodyEnd < blockStart) {
    return { kind: 'broken', reason: `managed region "${name}" has its end marker before its start marker` };
  }
  return { kind: 'found', blockStart, bodyStart: blockStart + start.length, bodyEnd, blockEnd: bodyEnd + end.length };
}

/** The region as it is written: markers on their own lines around the body. */
export function renderRegion(name: string, body: string): string {
  const { start, end } = regionMarkers(name);
  return `${start}\n${body.replace(/\n+$/, '')}\n${end}`;
}

export type RegionEdit = { text: string } | { skip: string };

/** Replaces the body of an existing region; the text outside its markers is kept as it is. */
export function replaceRegionBody(text: string, name: string, body: string): RegionEdit {
  const region = findRegion(text, name);
  if (region.kind === 'broken') return { skip: region.reason };
  if (region.kind === 'absent') return { skip: `managed region "${name}" is not on the page` };
  return { text: text.slice(0, region.blockStart) + renderRegion(name, body) + text.slice(region.blockEnd) };
}

/** True when `after` differs from `before` only inside the named regions that `before` already had. */
export function onlyRegionsChanged(before: string, after: string, names: readonly string[]): boolean {
  let outsideBefore = before;
  let outsideAfter = after;
  for (const name of names) {
    const a = findRegion(outsideBefore, name);
    const b = findRegion(outsideAfter, name);
    if (a.kind !== 'found' || b.kind !== 'found') return false;
    outsideBefore = outsideBefore.slice(0, a.blockStart) + outsideBefore.slice(a.blockEnd);
    outsideAfter = outsideAfter.slice(0, b.blockStart) + outsideAfter.slice(b.blockEnd);
  }
  return outsideBefore === outsideAfter;
}
