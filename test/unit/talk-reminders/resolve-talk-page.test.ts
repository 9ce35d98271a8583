import { parseNamespaces, parseRedirectedPages as parseTalkPages } from '../../../src/wiki/reader';
import { talkPageOf } from '../../../tasks/talk-reminders/resolve-talk-page';

// As meta=siteinfo&siprop=namespaces|namespacealiases answers on a wiki like Meta (formatversion 2).
const namespaces = parseNamespaces({
  query: {
    namespaces: {
      '-2': { id: -2, name: 'Media', canonical: 'Media' },
      '-1': { id: -1, name: 'Special', canonical: 'Special' },
      '0': { id: 0, name: '' },
      '1': { id: 1, name: 'Talk', canonical: 'Talk' },
      '2': { id: 2, name: 'User', canonical: 'User' },
      '3': { id: 3, name: 'User talk', canonical: 'User talk' },
      '4': { id: 4, name: 'Meta', canonical: 'Project' },
      '5': { id: 5, name: 'Meta talk', canonical: 'Project talk' },
      '200': { id: 200, name: 'Grants', canonical: 'Grants' },
      '201': { id: 201, name: 'Grants talk', canonical: 'Grants talk' },
    },
    namespacealiases: [
      { id: 4, alias: 'WM' },
      { id: 2, alias: 'U' },
    ],
  },
});

describe('talkPageOf', () => {
  it.each([
    ['a main-namespace page', 'Community Engagement', 'Talk:Community Engagement'],
    ['a subpage', 'Community Engagement/Priorities', 'Talk:Community Engagement/Priorities'],
    ['a colon that is not a namespace', 'Wikimania 2026: Program', 'Talk:Wikimania 2026: Program'],
    ['a user page', 'User:DeptBot/Tasks', 'User talk:DeptBot/Tasks'],
    ['a namespace by its canonical name', 'Project:Office hours', 'Meta talk:Office hours'],
    ['a namespace by an alias, any case, underscores', 'wm:Office_hours', 'Meta talk:Office_hours'],
    ['a custom namespace', 'Grants:Project/X', 'Grants talk:Project/X'],
    ['a talk page is its own talk page', 'Talk:Community Engagement', 'Talk:Community Engagement'],
    ['a special page has none', 'Special:RecentChanges', null],
  ])('%s', (_case, title, expected) => {
    expect(talkPageOf(title, namespaces)).toBe(expected);
  });
});

const CATEGORY = 'Opted-out of message delivery';

function page(title: string, extra: Record<string, unknown> = {}) {
  return { ns: 1, title, pagelanguage: 'en', protection: [], revisions: [{ revid: 1, slots: { main: { content: `text of ${title}` } } }], ...extra };
}

describe('parseTalkPages', () => {
  it('follows normalisation and a chain of redirects to the page that would be written', () => {
    const responses = [
      {
        query: {
          normalized: [{ from: 'Talk:Old_name', to: 'Talk:Old name' }],
          redirects: [
            { from: 'Talk:Old name', to: 'Talk:Middle name' },
            { from: 'Talk:Middle name', to: 'Talk:New name' },
          ],
          pages: [page('Talk:New name', { pagelanguage: 'de' })],
        },
      },
    ];

    const pages = parseTalkPages(['Talk:Old_name'], responses, CATEGORY);

    expect(pages.get('Talk:Old_name')).toEqual({
      requested: 'Talk:Old_name',
      title: 'Talk:New name',
      redirectedFrom: ['Talk:Old name', 'Talk:Middle name'],
      exists: true,
      text: 'text of Talk:New name',
      optedOut: false,
      protection: [],
      language: 'de',
    });
  });

  it('reports a redirect loop instead of following it forever', () => {
    const responses = [
      {
        query: {
          redirects: [
            { from: 'Talk:A', to: 'Talk:B' },
            { from: 'Talk:B', to: 'Talk:A' },
          ],
          pages: [page('Talk:A', { redirect: true })],
        },
      },
    ];

    expect(parseTalkPages(['Talk:A'], responses, CATEGORY).get('Talk:A')?.brokenRedirect).toBe('the redirects from "Talk:A" go round in a loop');
  });

  it('merges the opt-out category from a continued response and keeps the copy with the text', () => {
    const responses = [
      { query: { pages: [page('Talk:A'), { ns: 1, title: 'Talk:B', pagelanguage: 'en', protection: [] }] }, continue: { clcontinue: 'x' } },
      { query: { pages: [{ ns: 1, title: 'Talk:A' }, page('Talk:B', { categories: [{ ns: 14, title: 'Kategorie:Opted-out of message delivery' }] })] } },
    ];

    const pages = parseTalkPages(['Talk:A', 'Talk:B'], responses, `Category:${CATEGORY}`);

    expect([pages.get('Talk:A')?.optedOut, pages.get('Talk:B')?.optedOut]).toEqual([false, true]);
    expect([pages.get('Talk:A')?.text, pages.get('Talk:B')?.text]).toEqual(['text of Talk:A', 'text of Talk:B']);
  });

  it('knows a missing page (it will be created) and an invalid title', () => {
    const responses = [
      {
        query: {
          pages: [
            { ns: 1, title: 'Talk:Nothing yet', missing: true, pagelanguage: 'en', protection: [{ type: 'create', level: 'sysop', expiry: 'infinity' }] },
            { title: 'Talk:<bad>', invalid: true, invalidreason: 'The requested page title contains invalid characters: "<".' },
          ],
        },
      },
    ];

    const pages = parseTalkPages(['Talk:Nothing yet', 'Talk:<bad>'], responses, CATEGORY);

    expect(pages.get('Talk:Nothing yet')).toEqual(
      expect.objectContaining({ exists: false, text: null, protection: [{ type: 'create', level: 'sysop', expiry: 'infinity' }] }),
    );
    expect(pages.get('Talk:<bad>')).toEqual(
      expect.objectContaining({ exists: false, invalidReason: 'The requested page title contains invalid characters: "<".' }),
    );
  });
});
