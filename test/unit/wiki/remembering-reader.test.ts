// The run's reader serves the writer the pages a task already read, by readPages or by a query of
// its own that asks for everything readPages does, and never a partial copy of a page.
import type { ApiParams } from 'mwn';
import { PAGE_STATE_PARAMS, asksForPageStates, pageStatesIn, type ApiResponse, type PageState, type WikiReader } from '../../../src/wiki/client';
import { rememberingReader } from '../../../src/wiki/remembering-reader';
import { siteInfoWith } from '../../support/site-info';

const existing = {
  ns: 1,
  title: 'Talk:A',
  contentmodel: 'wikitext',
  protection: [{ type: 'edit', level: 'sysop', expiry: 'infinity' }],
  revisions: [{ revid: 7, user: 'Editor1', timestamp: '2026-11-20T10:00:00Z', slots: { main: { contentmodel: 'wikitext', content: 'Hello.' } } }],
};
const missing = { ns: 1, title: 'Talk:B', missing: true, contentmodel: 'wikitext', protection: [] };

const stateOfA: PageState = {
  title: 'Talk:A',
  namespace: 1,
  exists: true,
  invalidReason: undefined,
  revId: 7,
  timestamp: '2026-11-20T10:00:00Z',
  lastEditor: 'Editor1',
  text: 'Hello.',
  contentModel: 'wikitext',
  isRedirect: false,
  protection: [{ type: 'edit', level: 'sysop', expiry: 'infinity' }],
};

/** Answers every query with `responses` (as continuations) and counts what it was asked. */
class ScriptedWiki implements WikiReader {
  readonly userName = 'DeptBot';
  readonly apiUrl = 'memory://wiki';
  readonly titlesPerRequest = 500;
  readonly siteInfo = siteInfoWith();
  readonly rights: ReadonlySet<string> = new Set();
  readonly pagesRead: string[][] = [];

  constructor(private readonly responses: ApiResponse[]) {}

  async readPages(titles: readonly string[]): Promise<Map<string, PageState>> {
    this.pagesRead.push([...titles]);
    return new Map(titles.map((title) => [title, { ...stateOfA, title, revId: 99 }]));
  }

  async query(): Promise<ApiResponse> {
    return this.responses[0];
  }

  async *queryAll(): AsyncGenerator<ApiResponse> {
    yield* this.responses;
  }
}

const talkPageQuery: ApiParams = {
  ...PAGE_STATE_PARAMS,
  prop: 'revisions|info|categories',
  titles: ['Talk:A', 'Talk:B'],
  redirects: true,
  clcategories: 'Category:Opted-out of message delivery',
};

describe('asksForPageStates', () => {
  it.each<[string, ApiParams, boolean]>([
    ['what readPages asks', { ...PAGE_STATE_PARAMS, titles: ['A'] }, true],
    ['more props, redirects followed', talkPageQuery, true],
    ['values given as arrays', { prop: ['info', 'revisions'], rvprop: ['content', 'contentmodel', 'ids', 'timestamp', 'user'], rvslots: 'main', inprop: ['protection'] }, true],
    ['without protection', { ...PAGE_STATE_PARAMS, inprop: '' }, false],
    ['without the text', { ...PAGE_STATE_PARAMS, rvprop: 'ids|timestamp|user|contentmodel' }, false],
    ['without info', { ...PAGE_STATE_PARAMS, prop: 'revisions' }, false],
    ['one section only', { ...PAGE_STATE_PARAMS, rvsection: '0' }, false],
    ['an older revision', { ...PAGE_STATE_PARAMS, rvstartid: 5 }, false],
    ['a list', { list: 'allpages', aplimit: 'max' }, false],
  ])('%s: %s', (_, params, expected) => {
    expect(asksForPageStates(params)).toBe(expected);
  });
});

describe('pageStatesIn', () => {
  it('merges a page spread over continuations and leaves out a page whose revision never came', () => {
    const { revisions, ...infoOnly } = existing;
    const responses = [
      { continue: { rvcontinue: '1' }, query: { pages: [infoOnly, { ...missing }, { ns: 1, title: 'Talk:C', protection: [] }] } },
      { query: { pages: [{ ns: 1, title: 'Talk:A', revisions }, { ns: 1, title: 'Talk:B', missing: true }] } },
    ];
    expect(pageStatesIn(responses)).toEqual([
      stateOfA,
      expect.objectContaining({ title: 'Talk:B', exists: false, revId: null, text: null, protection: [] }),
    ]);
  });

  it('leaves out a page whose info (protection) is not there', () => {
    const { protection, ...revisionOnly } = existing;
    expect(pageStatesIn([{ query: { pages: [revisionOnly] } }])).toEqual([]);
  });
});

describe('rememberingReader', () => {
  it('serves the pages of a query that asks for their whole state without reading them again', async () => {
    const wiki = new ScriptedWiki([{ query: { pages: [existing, missing] } }]);
    const reader = rememberingReader(wiki);
    for await (const response of reader.queryAll(talkPageQuery)) expect(response.query.pages).toHaveLength(2);

    const pages = await reader.readPages(['Talk:A', 'Talk:B', 'Talk:C']);

    expect(wiki.pagesRead).toEqual([['Talk:C']]);
    expect(pages.get('Talk:A')).toEqual(stateOfA);
    expect(pages.get('Talk:B')).toMatchObject({ exists: false, revId: null });
  });

  it('forgets the pages of a part but those kept for a later part, until the end of the run', async () => {
    const wiki = new ScriptedWiki([{ query: { pages: [existing, missing] } }]);
    const reader = rememberingReader(wiki);
    for await (const response of reader.queryAll(talkPageQuery)) expect(response.query.pages).toHaveLength(2);

    reader.forget(['Talk:A']);
    reader.forget();
    const pages = await reader.readPages(['Talk:A', 'Talk:B']);

    expect(wiki.pagesRead).toEqual([['Talk:B']]);
    expect(pages.get('Talk:A')).toEqual(stateOfA);
  });

  it('reading ahead, holds what was read during a part until the part after it is done', async () => {
    const wiki = new ScriptedWiki([{ query: { pages: [existing, missing] } }]);
    const ahead = rememberingReader(wiki, { readsAhead: true });
    for await (const response of ahead.queryAll(talkPageQuery)) expect(response.query.pages).toHaveLength(2);

    ahead.forget();
    const nextPart = await ahead.readPages(['Talk:A', 'Talk:B']);
    ahead.forget();
    await ahead.readPages(['Talk:A']);

    expect(nextPart.get('Talk:A')).toEqual(stateOfA);
    expect(wiki.pagesRead).toEqual([['Talk:A']]);
  });

  it('reads again the pages of a query that asked for less', async () => {
    const wiki = new ScriptedWiki([{ query: { pages: [existing] } }]);
    const reader = rememberingReader(wiki);
    await reader.query({ ...PAGE_STATE_PARAMS, rvprop: 'ids|content', titles: ['Talk:A'] });

    const pages = await reader.readPages(['Talk:A']);

    expect(wiki.pagesRead).toEqual([['Talk:A']]);
    expect(pages.get('Talk:A')?.revId).toBe(99);
  });
});
