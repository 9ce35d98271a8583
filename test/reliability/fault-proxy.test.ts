// What the suites rely on in the fault proxy itself: it passes requests and answers on unchanged
// (cookies included), and a seed gives the same faults on the same sequence of requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../support/fault-proxy';

interface Seen {
  method: string;
  url: string;
  cookie: string | undefined;
  body: string;
}

let target: http.Server;
let targetUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  target = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', cookie: req.headers.cookie, body });
      res.writeHead(200, [['content-type', 'application/json'], ['set-cookie', 'a=1; path=/'], ['set-cookie', 'b=2; path=/']].flat());
      res.end(JSON.stringify({ echoed: body }));
    });
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));

async function post(proxy: FaultProxy, body: string, cookie?: string): Promise<Response | null> {
  try {
    return await fetch(proxy.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body,
    });
  } catch {
    return null; // a dropped connection
  }
}

it('forwards a request and its answer unchanged, cookies included', async () => {
  const proxy = await startFaultProxy({ target: targetUrl, seed: 1, rules: [] });
  try {
    const body = 'action=edit&title=A%20page&text=%C3%A9t%C3%A9&token=abc%2B%5C';
    const response = await post(proxy, body, 'session=xyz');
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/api.php', cookie: 'session=xyz', body });
    expect(response?.status).toBe(200);
    expect(response?.headers.getSetCookie()).toEqual(['a=1; path=/', 'b=2; path=/']);
    expect(await response?.json()).toEqual({ echoed: body });
    expect(proxy.requests).toEqual([{ n: 1, method: 'POST', action: 'edit', title: 'A page', isWrite: true, at: expect.any(Number) }]);
  } finally {
    await proxy.close();
  }
});

it('injects the same faults for the same seed, and others for another seed', async () => {
  const rules: FaultRule[] = [
    { fault: 'maxlag', probability: 0.3, retryAfterSeconds: 1 },
    { fault: 'drop-before', writes: true, probability: 0.3 },
  ];
  const faultsFor = async (seed: number) => {
    const proxy = await startFaultProxy({ target: targetUrl, seed, rules });
    try {
      for (let i = 0; i < 40; i++) await post(proxy, i % 2 ? `action=edit&title=P${i}&token=t` : `action=query&titles=P${i}`);
      return proxy.injected.map((f) => `${f.fault}@${f.request.n}`);
    } finally {
      await proxy.close();
    }
  };
  const first = await faultsFor(7);
  expect(first.length).toBeGreaterThan(5);
  expect(first.some((f) => f.startsWith('drop-before@'))).toBe(true);
  expect(await faultsFor(7)).toEqual(first);
  expect(await faultsFor(8)).not.toEqual(first);
});

it('never faults more requests of one sort in a row than maxInARow, whatever the probability', async () => {
  const proxy = await startFaultProxy({ target: targetUrl, seed: 3, rules: [{ fault: 'maxlag', probability: 1, maxInARow: 2 }] });
  try {
    // The same save three times, then another page's, then the first again: the third passes, then the count starts again.
    for (const title of ['A', 'A', 'A', 'B', 'A', 'A', 'A']) await post(proxy, `action=edit&title=${title}&token=t`);
    expect(proxy.injected.map((f) => f.request.n)).toEqual([1, 2, 4, 5, 6]);
  } finally {
    await proxy.close();
  }
});
