// Wikimedia's API etiquette: a client sends its requests one after the other. A dry run reads its
// next part while it treats the one in hand, and a treatment may read a page's history meanwhile:
// the client still sends each request only once the one before is answered.
import { startFaultProxy } from '../support/fault-proxy';
import { connectAs, readCredentials } from '../support/local-wiki';

const HELD_MS = 300;

it('two reads asked at once go to the wiki one after the other', async () => {
  // Every read's answer is held HELD_MS after the wiki gave it: two sent at once would arrive together.
  const proxy = await startFaultProxy({ target: readCredentials().serverUrl, seed: 1, rules: [{ fault: 'slow', actions: ['query'], delayMs: { min: HELD_MS, max: HELD_MS } }] });
  try {
    const wiki = await connectAs('bot', { apiUrl: proxy.apiUrl, dryRun: true });
    const before = proxy.requests.length;

    const [first, second] = await Promise.all([wiki.readPages(['Main Page']), wiki.query({ prop: 'revisions', titles: 'Main Page', rvlimit: 5 })]);

    const [sentFirst, sentSecond] = proxy.requests.slice(before);
    expect(proxy.requests).toHaveLength(before + 2);
    expect(first.get('Main Page')?.exists).toBe(true);
    expect(second.query?.pages?.[0]?.revisions?.length).toBeGreaterThan(0);
    expect(sentSecond.at - sentFirst.at).toBeGreaterThanOrEqual(HELD_MS);
  } finally {
    await proxy.close();
  }
});
