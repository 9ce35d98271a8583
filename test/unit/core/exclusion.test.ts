import { isBotAllowed } from '../../../src/core/exclusion';

describe('isBotAllowed (Pywikibot semantics)', () => {
  it.each([
    ['no template', 'Plain text.', true],
    ['{{nobots}}', '{{nobots}}\nText', false],
    ['{{Nobots}} capitalised', '{{Nobots}}', false],
    ['{{nobots}} with Template: prefix and spaces', '{{ Template:nobots }}', false],
    ['{{nobots|DeptBot}} names us', '{{nobots|DeptBot}}', false],
    ['{{nobots|OtherBot}} names another bot', '{{nobots|OtherBot}}', true],
    ['{{nobots|all}}', '{{nobots|all}}', false],
    ['{{nobots|deny=x}} is invalid and declined', '{{nobots|deny=x}}', false],
    ['{{bots}} restricts nothing', '{{bots}}', true],
    ['{{bots|allow=all}}', '{{bots|allow=all}}', true],
    ['{{bots|allow=none}}', '{{bots|allow=none}}', false],
    ['{{bots|allow=DeptBot}}', '{{bots|allow=DeptBot}}', true],
    ['{{bots|allow=OtherBot,ThirdBot}}', '{{bots|allow=OtherBot,ThirdBot}}', false],
    ['{{bots|allow=OtherBot, DeptBot}} with spaces', '{{bots|allow=OtherBot, DeptBot}}', true],
    ['{{bots|deny=all}}', '{{bots|deny=all}}', false],
    ['{{bots|deny=none}}', '{{bots|deny=none}}', true],
    ['{{bots|deny=DeptBot}}', '{{bots|deny=DeptBot}}', false],
    ['{{bots|deny=OtherBot,DeptBot}}', '{{bots|deny=OtherBot,DeptBot}}', false],
    ['{{bots|deny=OtherBot}}', '{{bots|deny=OtherBot}}', true],
    ['{{bots|optout=all}} is ignored (message delivery only)', '{{bots|optout=all}}', true],
    ['{{bots|deny=}} without names is ignored', '{{bots|deny=}}', true],
    ['{{bots|DeptBot}} without a key is ignored', '{{bots|DeptBot}}', true],
    ['{{bots|denyscript=test-task}} names this task', '{{bots|denyscript=test-task}}', false],
    ['{{bots|allowscript=other-task}} excludes this task', '{{bots|allowscript=other-task}}', false],
    ['{{bots|allowscript=test-task}}', '{{bots|allowscript=test-task}}', true],
    ['{{Bots_|deny=DeptBot}} with underscore', '{{Bots_|deny=DeptBot}}', false],
    ['{{nobots}} inside a comment does not count', '<!-- {{nobots}} -->', true],
    ['{{nobots}} inside nowiki does not count', '<nowiki>{{nobots}}</nowiki>', true],
    ['a later {{bots|deny}} still denies', '{{bots|allow=all}} {{bots|deny=DeptBot}}', false],
    ['a similarly named template is not {{bots}}', '{{Botsnot|deny=DeptBot}}', true],
    ['user name match is exact', '{{bots|deny=deptbot}}', true],
  ])('%s', (_name, text, allowed) => {
    expect(isBotAllowed(text, 'DeptBot', 'test-task').allowed).toBe(allowed);
  });

  // Issue 13: Pywikibot lists the consecutive numbered parameters first, then the others as
  // name=value sorted by name, a repeated name keeping its last value; only the first decides.
  it.each([
    ['named parameters are read in sorted order: deny before optout', '{{bots|optout=all|deny=DeptBot}}', false],
    ['allow sorts before deny', '{{bots|deny=OtherBot|allow=OtherBot}}', false],
    ['allow=all sorts before deny', '{{bots|deny=DeptBot|allow=all}}', true],
    ['a repeated key keeps its last value', '{{bots|deny=none|deny=DeptBot}}', false],
    ['a repeated key keeps its last value, the other way', '{{bots|deny=DeptBot|deny=none}}', true],
    ['1= and a positional parameter are one parameter: the last wins', '{{Nobots|1=deptbot| DeptBot }}', false],
    ['1= then positional, the other way', '{{Nobots|1=DeptBot|deptbot}}', true],
    ['2= is named (no 1 before it), and nobots takes no named parameter', '{{nobots|2=OtherBot}}', false],
    ['1= is positional', '{{nobots|1=OtherBot}}', true],
    ['positional before named whatever the order written', '{{bots|deny=DeptBot|x}}', true],
    ['a positional parameter holding key=value through 1=', '{{bots|1=deny=DeptBot}}', false],
    ['numbers after a gap are named', '{{nobots|OtherBot|3=DeptBot}}', true],
    // A deliberate, safer difference (README): Pywikibot lets {{nobots|}} through.
    ['{{nobots|}}: an empty first parameter is read as {{nobots}}', '{{nobots|}}', false],
    ['{{nobots|1=}} likewise', '{{nobots|1=}}', false],
    ['the task name in {{nobots}}', '{{nobots|test-task}}', false],
    ['{{msg:nobots}} calls the template', '{{msg:nobots}}', false],
    ['{{:Nobots}} is an article, not the template', '{{:Nobots}}', true],
    ['{{nobots}} inside a parser function', '{{#if:1|{{nobots}}}}', false],
    ['{{nobots}} after an unclosed <nowiki> is live', '<nowiki>{{nobots}}', false],
    ['{{nobots|DeptBot}} after an unclosed <nowiki> and a blank line', 'Text <nowiki>x\n\n{{nobots|DeptBot}}', false],
    ['{{nobots}} after an unclosed <pre>', '<pre>\n{{nobots}}', false],
    ['{{nobots}} in <includeonly> does not show', '<includeonly>{{nobots}}</includeonly>', true],
    ['{{nobots}} in <syntaxhighlight> does not show', '<syntaxhighlight lang="wikitext">{{nobots}}</syntaxhighlight>', true],
  ])('%s: %s', (_name, text, allowed) => {
    expect(isBotAllowed(text, 'DeptBot', 'test-task').allowed).toBe(allowed);
  });

  it('says why it refuses', () => {
    const verdict = isBotAllowed('{{bots|deny=DeptBot}}', 'DeptBot', 'test-task');
    expect(verdict).toEqual({ allowed: false, reason: '{{bots|deny=DeptBot}} excludes DeptBot' });
  });
});
