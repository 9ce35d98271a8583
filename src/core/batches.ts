// Cutting a list into batches (titles per API request, pages per part of a plan), and grouping one by a key.

/** `items` in consecutive batches of at most `size` items (none for no items). */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/** `rows` grouped by `keyOf`, in order within each group; the groups in the order of their first row. */
export function groupedBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const byKey = new Map<string, T[]>();
  for (const row of rows) {
    const group = byKey.get(keyOf(row));
    if (group) group.push(row);
    else byKey.set(keyOf(row), [row]);
  }
  return byKey;
}
