import { applyCaps, type Caps, type Candidate } from '../../../tasks/talk-reminders/apply-caps';

const NOW = new Date('2026-11-21T12:00:00Z');
const DEFAULT_CAPS: Caps = { postsPerPage: 1, days: 7, maxPostsPerRun: 10 };

function candidate(key: string, talkPage = 'Talk:A', dueAt = '2026-11-20T00:00:00Z'): Candidate {
  return { key, talkPage, dueAt };
}

function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
}

describe('applyCaps', () => {
  it.each<[string, Candidate[], Record<string, string[]>, Caps, string[], string[]]>([
    ['one per page and nothing posted yet: the first goes', [candidate('a'), candidate('b')], {}, DEFAULT_CAPS, ['a'], ['b']],
    ['the oldest due goes first', [candidate('a', 'Talk:A', '2026-11-20T10:00:00Z'), candidate('b', 'Talk:A', '2026-11-19T00:00:00Z')], {}, DEFAULT_CAPS, ['b'], ['a']],
    ['equal due dates are ordered by key', [candidate('z'), candidate('m')], {}, DEFAULT_CAPS, ['m'], ['z']],
    ['a post 3 days ago holds everything back', [candidate('a')], { 'Talk:A': [daysAgo(3)] }, DEFAULT_CAPS, [], ['a']],
    ['a post 8 days ago no longer counts', [candidate('a')], { 'Talk:A': [daysAgo(8)] }, DEFAULT_CAPS, ['a'], []],
    ['the cap is per talk page', [candidate('a', 'Talk:A'), candidate('b', 'Talk:B')], { 'Talk:A': [daysAgo(1)] }, DEFAULT_CAPS, ['b'], ['a']],
    ['two per week allows one more after one post', [candidate('a'), candidate('b')], { 'Talk:A': [daysAgo(2)] }, { ...DEFAULT_CAPS, postsPerPage: 2 }, ['a'], ['b']],
    ['days 0 turns the frequency cap off', [candidate('a'), candidate('b')], { 'Talk:A': [daysAgo(0)] }, { ...DEFAULT_CAPS, days: 0 }, ['a', 'b'], []],
    [
      'the run cap holds back the rest, across pages',
      [candidate('a', 'Talk:A'), candidate('b', 'Talk:B'), candidate('c', 'Talk:C')],
      {},
      { ...DEFAULT_CAPS, maxPostsPerRun: 2 },
      ['a', 'b'],
      ['c'],
    ],
    ['a run cap of 0 posts nothing', [candidate('a')], {}, { ...DEFAULT_CAPS, maxPostsPerRun: 0 }, [], ['a']],
  ])('%s', (_case, candidates, posted, caps, delivered, heldBack) => {
    const result = applyCaps(candidates, (page) => posted[page] ?? [], NOW, caps);

    expect(result.deliver.map((c) => c.key)).toEqual(delivered);
    expect(result.held.map((h) => h.item.key)).toEqual(heldBack);
  });

  it('says which cap held a reminder back and from when it is due again', () => {
    const result = applyCaps(
      [candidate('a', 'Talk:A'), candidate('b', 'Talk:B'), candidate('c', 'Talk:C')],
      (page) => (page === 'Talk:A' ? ['2026-11-18T09:30:00.000Z'] : []),
      NOW,
      { ...DEFAULT_CAPS, maxPostsPerRun: 1 },
    );

    expect(result.held).toEqual([
      {
        item: candidate('a', 'Talk:A'),
        cap: 'frequency',
        reason: 'held back by the frequency cap (1 per 7 days on "Talk:A"): due again from 2026-11-25 09:30 UTC',
      },
      { item: candidate('c', 'Talk:C'), cap: 'run', reason: 'held back by the cap of 1 reminders per run; due again next run' },
    ]);
  });

  it('counts a reminder planned in this run when it says when the page is free again', () => {
    const result = applyCaps([candidate('a'), candidate('b')], () => [], NOW, DEFAULT_CAPS);

    expect(result.held[0].reason).toBe('held back by the frequency cap (1 per 7 days on "Talk:A"): due again from 2026-11-28 12:00 UTC');
  });
});
