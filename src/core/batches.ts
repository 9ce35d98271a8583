// Cutting a list into batches: titles per API request, pages per part of a plan.

/** `items` in consecutive batches of at most `size` items (none for no items). */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
