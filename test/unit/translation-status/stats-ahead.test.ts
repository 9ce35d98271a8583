// translation-status reads a page's statistics while the page before it is worked out, never two
// requests at once and never past the part being treated.
import { StatsAhead } from '../../../tasks/translation-status/stats-ahead';

/** A reader that logs when each request starts and ends, answering after a tick. */
function loggedReader(log: string[]) {
  let inFlight = 0;
  return async (title: string) => {
    inFlight++;
    log.push(`ask ${title}${inFlight > 1 ? ' (while another is in flight)' : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
    inFlight--;
    log.push(`answer ${title}`);
    return `stats of ${title}`;
  };
}

describe('StatsAhead', () => {
  it('asks for the next page once the page before is answered, one request at a time', async () => {
    const log: string[] = [];
    const ahead = new StatsAhead(loggedReader(log));
    ahead.startPart(['A', 'B', 'C']);
    expect(await ahead.take('A')).toBe('stats of A');
    log.push('treat A');
    expect(await ahead.take('B')).toBe('stats of B');
    log.push('treat B');
    expect(await ahead.take('C')).toBe('stats of C');
    log.push('treat C');
    expect(log).toEqual(['ask A', 'answer A', 'ask B', 'treat A', 'answer B', 'ask C', 'treat B', 'answer C', 'treat C']);
  });

  it('asks for nothing past the part: the next part starts afresh', async () => {
    const log: string[] = [];
    const ahead = new StatsAhead(loggedReader(log));
    ahead.startPart(['A']);
    await ahead.take('A');
    log.push('read part 2');
    ahead.startPart(['B']);
    await ahead.take('B');
    expect(log).toEqual(['ask A', 'answer A', 'read part 2', 'ask B', 'answer B']);
  });

  it('a page taken out of order is asked for then (the next one after it still ahead)', async () => {
    const log: string[] = [];
    const ahead = new StatsAhead(loggedReader(log));
    ahead.startPart(['A', 'B', 'C']);
    await ahead.take('B');
    await ahead.take('C');
    expect(log).toEqual(['ask B', 'answer B', 'ask C', 'answer C']);
  });
});
