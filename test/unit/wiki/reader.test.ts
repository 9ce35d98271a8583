// The typed reads tasks use: the request each sends (what the batching and the request counts rest
// on) and the typed values made from MediaWiki's answers (formatversion 2). No wiki is started: a
// scripted reader answers from recorded shapes.
import type { ApiParams } from 'mwn';
import { WikiError } from '../../../src/core/errors';
import type { ApiResponse, PageState, WikiReader } from '../../../src/wiki/client';
import {
  listPagesWithPrefix,
  listRedirectsTo,
  readGroupStatsAnswer,
  readMessageGroups,
  readPageLanguages,
  readRevisionsFrom,
  siteInfoOf,
  siteInfoProps,
} from '../../../src/wiki/reader';
import { siteInfoWith } from '../../support/site-info';

/** Answers each query with the next scripted answer (a function of the parameters) and keeps what it was asked. */
class ScriptedWiki implements WikiReader {
  readonly userName = 'DeptBot';
  readonly apiUrl = 'memory://wiki';
  readonly rights: ReadonlySet<string> = new Set();
  readonly requests: ApiParams[] = [];
  readonly siteInfo = siteInfoWith();

  constructor(
    private readonly answer: (params: ApiParams) => ApiResponse,
    readonly titlesPerRequest = 50,
  ) {}

  async readPages(): Promise<Map<string, PageState>> {
    throw new Error('not used by these reads');
  }

  async query(params: ApiParams): Promise<ApiResponse> {
    this.requests.push(params);
    return this.answer(params);
  }

  async *queryAll(params: ApiParams): AsyncGenerator<ApiResponse> {
    let next: Record<string, string> | undefined = {};
    while (next) {
      const response = await this.query({ ...params, ...next });
      yield response;
      next = response.continue;
    }
  }
}

// Read once, by the client when it connects (one request with userinfo): the siprop it sends and the typed sections.
describe('siteinfo at connect', () => {
  const answer = {
    query: {
      extensions: [{ name: 'Translate', type: 'specialpage' }, { name: 'ParserFunctions' }, { type: 'other' }],
      languages: [{ code: 'en', bcp47: 'en' }, { code: 'de' }, { code: '' }],
      namespaces: {
        0: { id: 0, name: '', case: 'first-letter' },
        2: { id: 2, name: 'Benutzer', canonical: 'User', case: 'first-letter' },
        4: { id: 4, name: 'Meta', canonical: 'Project', case: 'case-sensitive' },
      },
      namespacealiases: [
        { id: 4, alias: 'WP' },
        { id: 4, alias: 'M' },
      ],
    },
  };

  it('asks for the sections in one siprop, namespaces with their aliases', () => {
    expect([siteInfoProps(['extensions', 'languages']), siteInfoProps(['namespaces'])]).toEqual([
      'extensions|languages',
      'namespaces|namespacealiases',
    ]);
  });

  it('types each section it was asked for, and only those', () => {
    expect(siteInfoOf(answer, ['extensions', 'languages'])).toEqual({ extensions: ['Translate', 'ParserFunctions'], languages: ['en', 'de'] });
    expect(siteInfoOf(answer, ['namespaces']).namespaces).toEqual([
      { id: 0, name: '', aliases: [], case: 'first-letter' },
      { id: 2, name: 'Benutzer', canonical: 'User', aliases: [], case: 'first-letter' },
      { id: 4, name: 'Meta', canonical: 'Project', aliases: ['WP', 'M'], case: 'case-sensitive' },
    ]);
  });
});

describe('readMessageGroups', () => {
  const wiki = () =>
    new ScriptedWiki(() => ({ query: { messagegroups: [{ id: 'page-A', class: 'WikiPageMessageGroup' }, { id: 'page-A/Sub' }] } }));

  it('asks for a flat list of ids, or ids with classes', async () => {
    const flat = wiki();
    expect(await readMessageGroups(flat, ['page-A*'], 'flat')).toEqual([{ id: 'page-A', class: 'WikiPageMessageGroup' }, { id: 'page-A/Sub' }]);
    expect(flat.requests).toEqual([{ meta: 'messagegroups', mgfilter: ['page-A*'], mgprop: 'id', mgformat: 'flat' }]);
    const withClass = wiki();
    await readMessageGroups(withClass, ['page-A*', 'page-B*'], 'with-class');
    expect(withClass.requests).toEqual([{ meta: 'messagegroups', mgfilter: ['page-A*', 'page-B*'], mgprop: 'id|class' }]);
  });
});

describe('readGroupStatsAnswer', () => {
  it('gives the rows and, when Translate\'s cache was incomplete, the parameters to continue with', async () => {
    const wiki = new ScriptedWiki(() => ({
      continue: { mgsoffset: 2, continue: '-||' },
      query: { messagegroupstats: [{ code: 'de', total: 10, translated: 4, fuzzy: 1, proofread: 0 }] },
    }));
    expect(await readGroupStatsAnswer(wiki, 'page-A', {})).toEqual({
      rows: [{ code: 'de', total: 10, translated: 4, fuzzy: 1, proofread: 0 }],
      next: { mgsoffset: '2', continue: '-||' },
    });
    expect(wiki.requests).toEqual([{ meta: 'messagegroupstats', mgsgroup: 'page-A' }]);
  });

  it('gives null rows when the wiki does not know the module, and no `next` when the answer is complete', async () => {
    expect(await readGroupStatsAnswer(new ScriptedWiki(() => ({ batchcomplete: true })), 'page-A', {})).toEqual({ rows: null });
    expect(await readGroupStatsAnswer(new ScriptedWiki(() => ({ query: { messagegroupstats: [] } })), 'page-A', {})).toEqual({ rows: [] });
  });

  it('lets the wiki\'s refusal through as the WikiError it is', async () => {
    const wiki = new ScriptedWiki(() => {
      throw new WikiError('The wiki refused action=query: badparameter', 'badparameter');
    });
    await expect(readGroupStatsAnswer(wiki, 'page-Never marked', {})).rejects.toMatchObject({ apiCode: 'badparameter' });
  });
});

describe('readPageLanguages', () => {
  it('reads in batches of titlesPerRequest and keys the answer by the titles as given', async () => {
    const wiki = new ScriptedWiki((params) => {
      const titles = params.titles as string[];
      return {
        query: {
          normalized: titles.filter((t) => t.includes('_')).map((from) => ({ from, to: from.replace(/_/g, ' ') })),
          pages: titles.map((t) => ({ title: t.replace(/_/g, ' '), pagelanguage: t.startsWith('De') ? 'de' : 'en' })),
        },
      };
    }, 2);
    const languages = await readPageLanguages(wiki, ['A_page', 'B', 'De page']);
    expect(wiki.requests.map((r) => r.titles)).toEqual([['A_page', 'B'], ['De page']]);
    expect([...languages]).toEqual([['A_page', 'en'], ['B', 'en'], ['De page', 'de']]);
  });
});

describe('lists', () => {
  it('follows every continuation of list=backlinks and list=allpages', async () => {
    const wiki = new ScriptedWiki((params) => {
      const list = params.list as string;
      return params.blcontinue || params.apcontinue
        ? { query: { [list]: [{ title: 'Second' }] } }
        : { continue: { [list === 'backlinks' ? 'blcontinue' : 'apcontinue']: 'x', continue: '-||' }, query: { [list]: [{ title: 'First' }] } };
    });
    expect(await listRedirectsTo(wiki, 'Template:Historical', 10)).toEqual(['First', 'Second']);
    expect(await listPagesWithPrefix(wiki, 4, 'Dept/')).toEqual(['First', 'Second']);
    expect(wiki.requests[0]).toEqual({ list: 'backlinks', bltitle: 'Template:Historical', blfilterredir: 'redirects', blnamespace: 10, bllimit: 'max' });
    expect(wiki.requests[2]).toEqual({ list: 'allpages', apnamespace: 4, apprefix: 'Dept/', apfilterredir: 'nonredirects', aplimit: 'max' });
  });
});

describe('readRevisionsFrom', () => {
  it('reads revisions oldest first with their content, a hidden user or text as null', async () => {
    const wiki = new ScriptedWiki(() => ({
      query: {
        pages: [
          {
            title: 'A',
            revisions: [
              { revid: 5, user: 'Bot', slots: { main: { content: 'one' } } },
              { revid: 6, userhidden: true, slots: { main: { texthidden: true } } },
            ],
          },
        ],
      },
    }));
    expect(await readRevisionsFrom(wiki, 'A', 5, 50)).toEqual([
      { revId: 5, user: 'Bot', text: 'one' },
      { revId: 6, user: null, text: null },
    ]);
    expect(wiki.requests).toEqual([{ prop: 'revisions', titles: 'A', rvstartid: 5, rvdir: 'newer', rvprop: 'ids|user|content', rvslots: 'main', rvlimit: 50 }]);
  });
});
