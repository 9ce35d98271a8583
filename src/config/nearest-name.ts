// "Did you mean …?" for a misspelt setting or task name: the known name nearest to it by edit
// distance, when it is near enough to be a typo rather than a different word.

/** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known name nearest to `name` (case ignored): one with at most a third of its letters (and at
 * least 2) different, or else one that `name` begins (`throttle` for `throttleSeconds`).
 */
export function nearestName(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const wanted = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    const begins = wanted.length >= 4 && other.startsWith(wanted);
    const distance = Math.min(editDistance(wanted, other), begins ? limit : Infinity);
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** ` did you mean "safety"?`, or nothing when no known name is near. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const nearest = nearestName(name, known);
  return nearest ? `; did you mean "${nearest}"?` : '';
}
