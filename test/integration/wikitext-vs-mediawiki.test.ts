// The wikitext model against the real MediaWiki: for each tricky text, the templates the local
// wiki transcludes (action=parse, prop=templates) and the sections it counts (prop=sections,
// their byte offsets) are what findTemplates and findSections give. The names are of templates
// that do not exist, so no expansion adds calls of its own; the texts are ASCII, so byte offsets
// are character offsets. Connecting configures the model with the wiki's extension tags.
import { findSections, findTemplates } from '../../src/wikitext/parse';
import type { WikiClient } from '../../src/wiki/client';
import { connectAs } from '../support/local-wiki';

const cases: Array<[string, string]> = [
  ['unclosed <nowiki>', '<nowiki>{{Xn}}'],
  ['unclosed <nowiki>, a blank line, then a call', 'Text <nowiki>x\n\n{{Xn|DeptBot}}'],
  ['unclosed <nowiki> before a banner', '<nowiki>\n{{Xh}}\nText.'],
  ['unclosed <pre>', '<pre>\n{{Xh}}\n== A ==\n'],
  ['closed <nowiki> and <pre>', '<nowiki>{{Xa}}</nowiki><pre>{{Xb}}</pre>{{Xc}}'],
  ['<includeonly>', '<includeonly>{{Xh}}</includeonly>{{Xa}}'],
  ['unclosed <includeonly>', '{{Xa}}<includeonly>{{Xh}}\n== A ==\n'],
  ['<noinclude> and <onlyinclude>', '<noinclude>{{Xa}}</noinclude><onlyinclude>{{Xb}}</onlyinclude>'],
  ['comments', '<!-- {{Xa}} -->{{Xb}}<!-- {{Xc}}'],
  ['msg: and a main-namespace call', '{{msg:Xh}} {{:Xa}} {{Template:xb}} {{ template : Xc_d }}'],
  ['heading inside a template call', '{{Xbox|\n== Office hours ==\nProse.\n}}\n== Next ==\nText.'],
  ['heading inside a parser function', '{{#if:1|\n== A ==\n}}\n== B ==\n'],
  ['heading inside a parameter default', '{{{1|\n== A ==\n}}}\n== B ==\n'],
  ['a parameter whose default holds a call', '{{{a|{{Xa}}}}}'],
  ['three braces closed by two', '{{{Xa}} text'],
  // A missing template's arguments are not expanded, so nesting is asked through parser functions.
  ['nested calls', '{{#if:1|{{Xb}}{{#if:1|{{Xc}}}}}} {{#if:1|x={{Xe}}}}'],
  ['stray closing braces', 'text}} {{Xa}}'],
  ['unclosed call', '{{Xa|\nText. {{Xb}}'],
  ['a <math> tag the wiki does not know', 'Text <math>{{Xa}}</math>.'],
  ['a <syntaxhighlight> tag the wiki does not know', '<syntaxhighlight>{{Xa}}</syntaxhighlight>'],
  ['<translate> without Translate', '<translate>\n== A ==\n{{Xa}}\n</translate>\n== B ==\n'],
  ['headings and comments', '== A == <!-- c -->\nx\n<!-- == B == -->\n=== C ===\n'],
];

function titleOf(name: string): string {
  return name.startsWith(':') ? name.slice(1) : `Template:${name}`;
}

let wiki: WikiClient;

beforeAll(async () => {
  wiki = await connectAs('bot');
});

describe('the wikitext model reads markup as the local MediaWiki does', () => {
  it.each(cases)('%s', async (_name, text) => {
    const response = await wiki.query({ action: 'parse', text, prop: 'templates|sections', contentmodel: 'wikitext', title: 'Sandbox' });
    const transcluded: string[] = response.parse.templates.map((template: { title: string }) => template.title);
    // A heading that a parser function outputs shows, but is no section of the page's text (no offset).
    const offsets = response.parse.sections
      .map((section: { byteoffset: number | null }) => section.byteoffset)
      .filter((offset: number | null) => offset !== null);

    const ours = [...new Set(findTemplates(text, { recursive: true }).map((call) => titleOf(call.name)))];
    expect(ours.sort()).toEqual([...transcluded].sort());
    expect(findSections(text).slice(1).map((section) => section.index)).toEqual(offsets);
  });
});
