import { findUnbalancedMarkup } from '../../../src/wikitext/parse';
import { carryUnitMarkers, isTranslatable, translateDepthAt } from '../../../tasks/office-hours/translation-units';

const marked = [
  "'''<translate><!--T:30--> Upcoming office hours</translate>'''",
  '* <translate><!--T:31--> <tvar name="date">Tuesday, 1 December 2026, 16:00 UTC</tvar> in <tvar name="language">English</tvar></translate>',
  '* <translate><!--T:32--> <tvar name="date">Tuesday, 5 January 2027, 16:00 UTC</tvar> in <tvar name="language">English</tvar></translate>',
].join('\n');

describe('carryUnitMarkers', () => {
  it('gives each re-rendered line the marker of the line of the same shape, so translations stay attached', () => {
    const fresh = [
      "'''<translate>Upcoming office hours</translate>'''",
      '* <translate><tvar name="date">Tuesday, 5 January 2027, 16:00 UTC</tvar> in <tvar name="language">English</tvar></translate>',
      '* <translate><tvar name="date">Tuesday, 2 February 2027, 16:00 UTC</tvar> in <tvar name="language">Spanish</tvar></translate>',
      '* <translate><tvar name="date">Tuesday, 2 March 2027, 16:00 UTC</tvar> in <tvar name="language">English</tvar></translate>',
    ].join('\n');
    expect(carryUnitMarkers(marked, fresh).split('\n')).toEqual([
      "'''<translate><!--T:30--> Upcoming office hours</translate>'''",
      '* <translate><!--T:31--> <tvar name="date">Tuesday, 5 January 2027, 16:00 UTC</tvar> in <tvar name="language">English</tvar></translate>',
      '* <translate><!--T:32--> <tvar name="date">Tuesday, 2 February 2027, 16:00 UTC</tvar> in <tvar name="language">Spanish</tvar></translate>',
      // A third line of that shape is new: Translate numbers it when the page is next marked.
      '* <translate><tvar name="date">Tuesday, 2 March 2027, 16:00 UTC</tvar> in <tvar name="language">English</tvar></translate>',
    ]);
  });

  it('does not move a marker to a line whose words changed', () => {
    const fresh = "'''<translate>Past office hours</translate>'''";
    expect(carryUnitMarkers(marked, fresh)).toBe(fresh);
  });

  it('changes nothing on a page without markers', () => {
    const body = "'''Upcoming office hours'''\n* Tuesday";
    expect(carryUnitMarkers(body, body)).toBe(body);
  });
});

describe('Translate markup', () => {
  it.each([
    ['<languages/>\nText', true],
    ['<translate>Text</translate>', true],
    ['Text <!-- <translate> in a comment --> only', false],
    ['Plain text', false],
  ])('isTranslatable(%j) is %s', (text, expected) => {
    expect(isTranslatable(text)).toBe(expected);
  });

  it('counts the <translate> blocks open at an offset, ignoring <nowiki>', () => {
    const text = '<translate>\nA\n</translate>\nB <nowiki><translate></nowiki>\n<translate>\nC\n</translate>\n';
    expect([text.indexOf('A'), text.indexOf('B'), text.indexOf('C'), text.length].map((at) => translateDepthAt(text, at))).toEqual([1, 0, 1, 0]);
  });

  // Translate takes its tags out before the preprocessor and shields only <nowiki>: a <translate> in
  // a comment is a tag to it. (This test used to expect the comment to hide it.)
  it('reads a <translate> inside a comment as Translate does, so the page is not edited', () => {
    const text = '<translate>\nA\n</translate>\nB <!-- <translate> -->\n<translate>\nC\n</translate>\n';
    expect(findUnbalancedMarkup(text)).not.toBeNull();
  });
});
