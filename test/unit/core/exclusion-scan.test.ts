// isBotAllowed runs on every page the bot may save: a page that cannot hold {{bots}} or {{nobots}}
// must not pay for a full template parse (DESIGN §5; mwn's parser costs about 1 ms per page).
import * as parse from '../../../src/wikitext/parse';
import { isBotAllowed } from '../../../src/core/exclusion';

const page = `== Office hours ==\n{{Historical|comment=Retired.}}\nText with {{tl|Infobox}} and a [[Link|label]].\n`.repeat(20);

afterEach(() => jest.restoreAllMocks());

it('does not parse templates on a page that never spells "bots"', () => {
  const findTemplates = jest.spyOn(parse, 'findTemplates');
  expect(isBotAllowed(page, 'DeptBot', 'office-hours')).toEqual({ allowed: true });
  expect(findTemplates).not.toHaveBeenCalled();
});

it.each([
  ['{{nobots}}', false],
  ['{{Template:Nobots}}', false],
  ['{{ bots | deny = DeptBot }}', false],
  ['{{BOTS|deny=all}}', true], // not the template: names are case-sensitive after the first letter
  ['<!-- {{nobots}} -->', true],
])('still reads %s as before', (template, allowed) => {
  expect(isBotAllowed(`${page}${template}\n`, 'DeptBot', 'office-hours').allowed).toBe(allowed);
});
