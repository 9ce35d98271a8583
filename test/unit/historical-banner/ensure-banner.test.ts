import fs from 'node:fs';
import path from 'node:path';
import { bannerNames, ensureBanner, findBanners, insertBanner } from '../../../tasks/historical-banner/ensure-banner';
import { bannerParameters, renderBanner } from '../../../tasks/historical-banner/render-banner';
import { historicalBannerSettings } from '../../../tasks/historical-banner/settings';

const goldenDir = path.join(__dirname, '..', '..', 'golden', 'historical-banner');

// The banner the goldens expect: the default parameters with the Meta values for Community Engagement.
const settings = historicalBannerSettings.parse({
  retired: [
    {
      title: 'Community Engagement',
      retiredOn: '2019-11',
      comment: 'The department was dissolved in November 2019 and its teams moved to other departments.',
    },
  ],
});
const banner = renderBanner(settings.template, bannerParameters(settings.parameters, settings.retired[0]));
// As the seeded wiki answers list=backlinks: Template:Historic redirects to Template:Historical.
const names = bannerNames(settings.template, ['Historic']);

function read(name: string): string | null {
  const file = path.join(goldenDir, name);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

const cases = fs
  .readdirSync(goldenDir)
  .filter((file) => file.endsWith('.before.wikitext'))
  .map((file) => file.replace(/\.before\.wikitext$/, ''))
  .sort();
const editCases = cases.filter((name) => read(`${name}.after.wikitext`) !== null);
const skipCases = cases.filter((name) => read(`${name}.skip.txt`) !== null);

describe('ensureBanner golden files', () => {
  it('has a case for every golden file, each with an expected result', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect([...editCases, ...skipCases].sort()).toEqual(cases);
  });

  it.each(editCases)('%s: gives the .after text, which a second pass leaves alone', (name) => {
    const before = read(`${name}.before.wikitext`)!;
    const after = read(`${name}.after.wikitext`)!;

    const first = ensureBanner(before, banner, names);
    const second = ensureBanner(after, banner, names);

    expect(first).toEqual({ text: after });
    expect(second).toEqual({ text: after });
  });

  it.each(editCases)('%s: ends with exactly one banner and keeps every other line as it was', (name) => {
    const before = read(`${name}.before.wikitext`)!;
    const after = read(`${name}.after.wikitext`)!;

    const added = after.split('\n').filter((line) => line === banner).length - before.split('\n').filter((line) => line === banner).length;
    const withoutAdded = added === 1 ? after.replace(`${banner}\n`, '') : after;

    expect(findBanners(after, names)).toHaveLength(1);
    expect(withoutAdded).toBe(before);
  });

  it.each(skipCases)('%s: is skipped with its reason and left untouched', (name) => {
    const before = read(`${name}.before.wikitext`)!;

    const result = ensureBanner(before, banner, names);

    expect(result).toEqual({ skip: read(`${name}.skip.txt`) });
  });
});

describe('banner recognition', () => {
  it.each([
    ['{{Historical}}'],
    ['{{historical}}'],
    ['{{Template:Historical}}'],
    ['{{template:historical}}'],
    ['{{ Historical }}'],
    ['{{Historical_}}'],
    ['{{Historical|comment=x|date=2019}}'],
    ['{{Historic}}'],
    ['{{historic|x}}'],
    ['{{#if:1|{{Historical}}}}'],
  ])('recognises %s', (call) => {
    expect(findBanners(`Text\n${call}\nText`, names)).toHaveLength(1);
  });

  it.each([['{{Historical events}}'], ['{{Historicals}}'], ['<!-- {{Historical}} -->'], ['<pre>{{Historical}}</pre>'], ['[[Template:Historical]]']])(
    'does not take %s for the banner',
    (text) => {
      expect(findBanners(text, names)).toEqual([]);
    },
  );

  it('knows only the redirects it is given', () => {
    expect(findBanners('{{Historic}}', bannerNames('Historical', []))).toEqual([]);
  });
});

describe('insertBanner', () => {
  it.each([
    ['an empty first line', '\nText', '{{B}}\n\nText'],
    ['<languages/> as the whole page', '<languages/>', '<languages/>\n{{B}}\n'],
    ['<languages/> not at the top', 'Intro\n<languages/>\n', '{{B}}\nIntro\n<languages/>\n'],
  ])('handles %s', (_name, text, expected) => {
    expect(insertBanner(text, '{{B}}')).toBe(expected);
  });

  it('skips an empty page', () => {
    expect(ensureBanner('  \n', '{{B}}', names)).toEqual({ skip: 'the page is empty' });
  });
});

// Issue 13: a banner counts when the page shows it, as MediaWiki reads the page.
describe('which banner calls show', () => {
  it.each([
    ['an unclosed <nowiki> is text, so the banner after it shows', '<nowiki>\n{{Historical}}\nText.', 'unchanged'],
    ['{{msg:Historical}} transcludes the banner', '{{msg:Historical}}\nText.', 'unchanged'],
    ['a redirect through msg:', '{{msg:historic}}\nText.', 'unchanged'],
    ['<includeonly> content does not show', '<includeonly>{{Historical}}</includeonly>\nText.', 'added'],
    ['<syntaxhighlight> content does not show', '<syntaxhighlight lang="wikitext">{{Historical}}</syntaxhighlight>\nText.', 'added'],
    ['{{:Historical}} is an article, not the template', '{{:Historical}}\nText.', 'added'],
  ])('%s', (_name, text, expected) => {
    const result = ensureBanner(text, banner, names);
    expect(result).toEqual(expected === 'unchanged' ? { text } : { text: `${banner}\n${text}` });
  });

  it('does not add a banner to an unbalanced page behind an unclosed <nowiki>', () => {
    expect(ensureBanner('<nowiki>\n{{Foo|\nText.', banner, names)).toEqual({
      skip: 'unbalanced markup (1 template call(s) opened with "{{" are never closed); not guessing where the banner goes',
    });
  });
});
