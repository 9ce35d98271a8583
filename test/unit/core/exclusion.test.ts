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

  it('says why it refuses', () => {
    const verdict = isBotAllowed('{{bots|deny=DeptBot}}', 'DeptBot', 'test-task');
    expect(verdict).toEqual({ allowed: false, reason: '{{bots|deny=DeptBot}} excludes DeptBot' });
  });
});
