import { parseTrustedEditorsPage, trustFrom } from '../../../../tasks/shared/office-hour-schedule/trusted-editors';

const TITLE = 'User:DeptBot/trusted-editors.json';

describe('trusted editors', () => {
  it('trusts the bot, the config lists and the page lists, with user names as MediaWiki writes them', () => {
    const trust = trustFrom('DeptBot', { users: ['jane_doe'], groups: ['sysop'] }, { users: ['Staff member'], groups: ['interface-admin'] });
    expect([...trust.users]).toEqual(['DeptBot', 'Jane doe', 'Staff member']);
    expect([...trust.groups]).toEqual(['sysop', 'interface-admin']);
  });

  it('reads the page, and says why a broken page is not used', () => {
    expect(parseTrustedEditorsPage(TITLE, '{"users": ["A"]}')).toEqual({ list: { users: ['A'], groups: [] } });
    expect(parseTrustedEditorsPage(TITLE, '{"users": [')).toEqual({ problem: expect.stringMatching(/^User:DeptBot\/trusted-editors.json is not valid JSON \(.*\); only the trusted editors in config are used$/) });
    expect(parseTrustedEditorsPage(TITLE, '{"users": "A", "admins": []}')).toEqual({
      problem: expect.stringMatching(/^User:DeptBot\/trusted-editors.json is not \{"users": \[...\], "groups": \[...\]\} \(users: .*; page: .*admins.*\); only the trusted editors in config are used$/),
    });
  });
});
