// MediaWiki's title normalisation, by the rules of a wiki like Meta (its namespace table as
// meta=siteinfo gives it) and by the canonical names a wiki not yet asked is taken to have.
import { CANONICAL_NAMESPACES, TitleRules, configureTitles, normaliseTitle, sameTitle, titleRules, type Namespace } from '../../../src/core/title';
import { normaliseTemplateName } from '../../../src/wikitext/parse';

const META: Namespace[] = [
  { id: -1, name: 'Special', canonical: 'Special', aliases: [] },
  { id: 0, name: '', aliases: [], case: 'first-letter' },
  { id: 1, name: 'Talk', canonical: 'Talk', aliases: [] },
  { id: 2, name: 'User', canonical: 'User', aliases: ['U'] },
  { id: 3, name: 'User talk', canonical: 'User talk', aliases: ['UT'] },
  { id: 4, name: 'Meta', canonical: 'Project', aliases: ['WM', 'WP'] },
  { id: 5, name: 'Meta talk', canonical: 'Project talk', aliases: [] },
  { id: 10, name: 'Vorlage', canonical: 'Template', aliases: ['T'] },
  { id: 200, name: 'Wiktionary', canonical: 'Wiktionary', aliases: [], case: 'case-sensitive' },
];

describe('TitleRules', () => {
  const rules = new TitleRules(META);

  it.each([
    ['underscores and runs of spaces as one space, none at the ends', '  Community__Engagement   plan ', 'Community Engagement plan'],
    ['the first letter upper case', 'community Engagement', 'Community Engagement'],
    ['a leading colon dropped', ':Community Engagement', 'Community Engagement'],
    ['a namespace by its local name in any case', 'user talk:DeptBot', 'User talk:DeptBot'],
    ['a namespace written with an underscore', 'User_talk:DeptBot', 'User talk:DeptBot'],
    ['spaces around the namespace colon', 'User talk : DeptBot', 'User talk:DeptBot'],
    ['a canonical name written as the local one', 'Project:Office hours', 'Meta:Office hours'],
    ['an alias written as the local name', 'WP:Office_hours', 'Meta:Office hours'],
    ['the first letter after the prefix upper case', 'wm:office hours', 'Meta:Office hours'],
    ['a colon that is not a namespace kept, in the main namespace', 'wikimania 2026: Program', 'Wikimania 2026: Program'],
    ['a case-sensitive namespace keeps its first letter', 'wiktionary:foo', 'Wiktionary:foo'],
  ])('%s', (_rule, raw, expected) => {
    expect(rules.normalise(raw)).toBe(expected);
  });

  it('splits a title into its namespace and its text', () => {
    expect(rules.parse('UT:deptBot/Archive_1')).toEqual({ namespace: META[4], text: 'DeptBot/Archive 1' });
    expect(rules.parse('Foo')).toEqual({ namespace: META[1], text: 'Foo' });
  });

  it('finds namespaces by any name, in any case, and by id', () => {
    expect(rules.namespaceNamed('project_TALK')?.id).toBe(5);
    expect(rules.namespaceNamed('t')?.id).toBe(10);
    expect(rules.namespaceNamed('Nonsense')).toBeUndefined();
    expect(rules.namespaceById(3)?.name).toBe('User talk');
  });
});

describe('the rules in use', () => {
  afterEach(() => configureTitles(CANONICAL_NAMESPACES));

  it('are MediaWiki\'s canonical names until the wiki has been asked', () => {
    expect(normaliseTitle('user_talk:deptBot')).toBe('User talk:DeptBot');
    expect(normaliseTitle('image:Logo.png')).toBe('File:Logo.png');
    expect(sameTitle('Project:Office hours', 'project:office_hours')).toBe(true);
  });

  it('are the connected wiki\'s once configured: aliases and canonical names compare equal to the local name', () => {
    configureTitles(META);
    expect(titleRules().namespaces).toBe(META);
    expect(sameTitle('WP:Office hours', 'Meta:Office_hours')).toBe(true);
    expect(sameTitle('Project talk:X', 'Meta talk:X')).toBe(true);
    expect(sameTitle('Wiktionary:foo', 'Wiktionary:Foo')).toBe(false);
    expect(sameTitle('A page', 'A Page')).toBe(false);
  });

  it('name a template without its namespace prefix, whichever name the prefix uses', () => {
    configureTitles(META);
    expect(['Historical', 'template:historical', 'Vorlage:Historical', 'T:Historical'].map(normaliseTemplateName)).toEqual(Array(4).fill('Historical'));
    expect(normaliseTemplateName(':Main page')).toBe(':Main page');
  });

  it('fall back to the canonical names for a wiki that lists no namespaces', () => {
    configureTitles([]);
    expect(normaliseTitle('user talk:x')).toBe('User talk:X');
  });
});
