import { partsOf } from '../../../src/core/task';

describe('partsOf', () => {
  it.each([
    [[1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
    [[1, 2, 3, 4], 2, [[1, 2], [3, 4]]],
    [[1, 2, 3], 500, [[1, 2, 3]]],
    [[], 500, [[]]],
  ])('cuts %j in parts of %i', (items, size, parts) => {
    expect(partsOf(items, size)).toEqual(parts);
  });
});
