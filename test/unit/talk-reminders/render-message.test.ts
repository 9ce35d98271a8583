import {
  chooseVariant,
  escapeWikitext,
  fillPlaceholders,
  renderMessage,
  unknownPlaceholders,
  type Message,
} from '../../../tasks/talk-reminders/render-message';

const known = ['page', 'date', 'removedBy', 'language', 'languageName'];

describe('fillPlaceholders', () => {
  it.each([
    ['a value', 'About [[{page}]].', { page: 'Community Engagement' }, 'About [[Community Engagement]].'],
    ['the same placeholder twice', '{page} / {page}', { page: 'X' }, 'X / X'],
    ['a missing value with a fallback', 'removed by {removedBy|an editor}.', {}, 'removed by an editor.'],
    ['a present value ignores the fallback', 'removed by {removedBy|an editor}.', { removedBy: '[[User:A|A]]' }, 'removed by [[User:A|A]].'],
    ['a missing value without a fallback', 'on {date}.', {}, 'on .'],
    ['a template is wikitext, not a placeholder', '{{Historical}} and {{{1}}}', { page: 'X' }, '{{Historical}} and {{{1}}}'],
    ['a placeholder inside a template call', '{{tl|{page}}}', { page: 'Historical' }, '{{tl|Historical}}'],
    ['an unknown name is left as written', '{unknown}', { page: 'X' }, '{unknown}'],
  ])('%s', (_case, text, values, expected) => {
    expect(fillPlaceholders(text, known, values)).toBe(expected);
  });
});

describe('unknownPlaceholders', () => {
  it.each([
    ['none', 'About [[{page}]] on {date}.', []],
    ['a typo', 'About [[{pgae}]] on {date}.', ['pgae']],
    ['each unknown name once', '{x} {y} {x|fallback}', ['x', 'y']],
    ['templates and template parameters are not placeholders', '{{Historical}} {{{1|}}} {{#language:{language}|en}}', []],
  ])('%s', (_case, text, expected) => {
    expect(unknownPlaceholders(text, known)).toEqual(expected);
  });
});

describe('escapeWikitext', () => {
  it.each([
    ['plain text stays plain', 'It will take place on April 17, 2021!', 'It will take place on April 17, 2021!'],
    ['a colon or semicolon inside a line is not markup', 'Next: 10:00; bring questions', 'Next: 10:00; bring questions'],
    ['line breaks become spaces', 'one\n  two', 'one two'],
    ['a signature does not sign', 'thanks ~~~~', '<nowiki>thanks ~~~~</nowiki>'],
    ['a template does not transclude', 'see {{nobots}}', '<nowiki>see {{nobots}}</nowiki>'],
    ['links stay text', '[[Main Page]] and [https://x.org y]', '<nowiki>[[Main Page]] and [https://x.org y]</nowiki>'],
    ['bold and italics stay text', "it's ''great''", "<nowiki>it's ''great''</nowiki>"],
    ['a closing nowiki cannot break out', 'a </nowiki> b', '<nowiki>a &lt;/nowiki> b</nowiki>'],
    ['an entity stays literal', 'a &amp; b', '<nowiki>a &amp;amp; b</nowiki>'],
    ['a list marker at the start', '* item', '<nowiki>* item</nowiki>'],
    ['a heading at the start', '== x ==', '<nowiki>== x ==</nowiki>'],
    ['a behaviour switch', '__NOTOC__', '<nowiki>__NOTOC__</nowiki>'],
  ])('%s', (_case, value, expected) => {
    expect(escapeWikitext(value)).toBe(expected);
  });
});

describe('chooseVariant', () => {
  const message: Message = {
    sectionTitle: 'English',
    body: 'en',
    languages: { de: { sectionTitle: 'Deutsch', body: 'de' }, zh: { sectionTitle: '中文', body: 'zh' }, 'pt-br': { sectionTitle: 'Português (Brasil)', body: 'pt-br' } },
  };

  it.each([
    ['the exact code', 'de', 'Deutsch', 'de'],
    ['the base language of a variant code', 'zh-hans', '中文', 'zh'],
    ['a regional variant configured as such', 'pt-BR', 'Português (Brasil)', 'pt-br'],
    ['the default for a language without a variant', 'fr', 'English', 'en'],
    ['the default when the page language is unknown', null, 'English', 'en'],
  ])('%s', (_case, pageLanguage, sectionTitle, language) => {
    expect(chooseVariant(message, pageLanguage, 'en')).toEqual(expect.objectContaining({ sectionTitle, language }));
  });
});

describe('renderMessage', () => {
  it('gives values that depend on the language the variant chosen, and one-line section titles', () => {
    const message: Message = {
      sectionTitle: 'Translation into\n{language}',
      body: '{languageName} translation of [[{page}]]',
      languages: { de: { sectionTitle: 'Übersetzung ins {language}', body: 'Die Übersetzung ({languageName}) von [[{page}]]' } },
    };
    const values = { page: 'Community Engagement', language: 'ru', languageName: (inLanguage: string) => `{{#language:ru|${inLanguage}}}` };

    const german = renderMessage({ message, known, values, pageLanguage: 'de', defaultLanguage: 'en' });
    const english = renderMessage({ message, known, values, pageLanguage: 'ko', defaultLanguage: 'en' });

    expect(german).toEqual({
      sectionTitle: 'Übersetzung ins ru',
      body: 'Die Übersetzung ({{#language:ru|de}}) von [[Community Engagement]]',
      language: 'de',
    });
    expect(english).toEqual({
      sectionTitle: 'Translation into ru',
      body: '{{#language:ru|en}} translation of [[Community Engagement]]',
      language: 'en',
    });
  });
});
