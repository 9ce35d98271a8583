import { findRegion, onlyRegionsChanged, renderRegion, replaceRegionBody } from '../../../src/core/managed-region';

const before = 'Intro text.\n\n== Office hours ==\nProse.\n<!-- deptbot:hours -->\nold body\n<!-- /deptbot:hours -->\nAfter.  \n';

describe('managed regions', () => {
  it('replaces only the body and keeps the text outside byte-identical', () => {
    const result = replaceRegionBody(before, 'hours', 'new body');
    expect(result).toEqual({
      text: 'Intro text.\n\n== Office hours ==\nProse.\n<!-- deptbot:hours -->\nnew body\n<!-- /deptbot:hours -->\nAfter.  \n',
    });
    expect(onlyRegionsChanged(before, (result as { text: string }).text, ['hours'])).toBe(true);
  });

  it('skips with a reason when the end marker is missing', () => {
    const broken = 'Text\n<!-- deptbot:hours -->\nbody with no end\n';
    expect(findRegion(broken, 'hours')).toEqual({
      kind: 'broken',
      reason: 'managed region "hours" has 1 start marker(s) and 0 end marker(s); expected one of each',
    });
    expect(replaceRegionBody(broken, 'hours', 'x')).toEqual({
      skip: 'managed region "hours" has 1 start marker(s) and 0 end marker(s); expected one of each',
    });
  });

  it('skips when the markers are in the wrong order or doubled', () => {
    expect(findRegion('<!-- /deptbot:a -->\n<!-- deptbot:a -->', 'a').kind).toBe('broken');
    expect(findRegion(`${renderRegion('a', 'x')}\n${renderRegion('a', 'y')}`, 'a').kind).toBe('broken');
  });

  it('reports an absent region as absent, not broken', () => {
    expect(findRegion('No markers here.', 'hours')).toEqual({ kind: 'absent' });
    expect(replaceRegionBody('No markers here.', 'hours', 'x')).toEqual({ skip: 'managed region "hours" is not on the page' });
  });

  it('detects a change outside the region', () => {
    const changedOutside = before.replace('Intro text.', 'Intro text!').replace('old body', 'new body');
    expect(onlyRegionsChanged(before, changedOutside, ['hours'])).toBe(false);
  });

  it('a second pass changes nothing', () => {
    const once = (replaceRegionBody(before, 'hours', 'new body') as { text: string }).text;
    expect(replaceRegionBody(once, 'hours', 'new body')).toEqual({ text: once });
  });
});
