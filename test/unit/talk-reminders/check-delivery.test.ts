import { checkDelivery, type Delivery } from '../../../tasks/talk-reminders/check-delivery';
import type { TalkPage } from '../../../tasks/talk-reminders/resolve-talk-page';

const KEY = 'reminder:banner-removed:Community Engagement:1234';
const rules = { botName: 'DeptBot', taskName: 'talk-reminders', rights: new Set(['edit', 'editsemiprotected']), optOutCategory: 'Opted-out of message delivery' };

function talkPage(extra: Partial<TalkPage> = {}): TalkPage {
  return {
    requested: 'Talk:Community Engagement',
    title: 'Talk:Community Engagement',
    redirectedFrom: [],
    exists: true,
    text: '== A question ==\nIs this still current? ~~~~\n',
    optedOut: false,
    protection: [],
    language: 'en',
    ...extra,
  };
}

describe('checkDelivery', () => {
  it.each<[string, Partial<TalkPage>, Delivery]>([
    ['an ordinary talk page', {}, { kind: 'deliver' }],
    ['a missing talk page is created', { exists: false, text: null }, { kind: 'deliver' }],
    [
      'its marker already on the page',
      { text: `== Historical notice removed ==\n…\n<!-- deptbot:${KEY} --> [[User:DeptBot|DeptBot]]` },
      { kind: 'posted', reason: 'already posted: its marker is on "Talk:Community Engagement"' },
    ],
    ['another reminder\'s marker is not this one', { text: '<!-- deptbot:reminder:banner-removed:Community Engagement:99 -->' }, { kind: 'deliver' }],
    [
      'the opt-out category',
      { optedOut: true },
      { kind: 'refused', cause: 'opted-out', reason: '"Talk:Community Engagement" is in Category:Opted-out of message delivery' },
    ],
    ['{{nobots}}', { text: '{{nobots}}\n== Q ==' }, { kind: 'refused', cause: 'excluded', reason: '{{nobots}} excludes all bots' }],
    ['{{bots|deny=DeptBot}}', { text: '{{bots|deny=DeptBot}}\n== Q ==' }, { kind: 'refused', cause: 'excluded', reason: '{{bots|deny=DeptBot}} excludes DeptBot' }],
    ['{{bots|deny=OtherBot}} lets this bot in', { text: '{{bots|deny=OtherBot}}' }, { kind: 'deliver' }],
    ['{{bots|allow=none}}', { text: '{{bots|allow=none}}' }, { kind: 'refused', cause: 'excluded', reason: '{{bots|allow=none}} does not include DeptBot' }],
    [
      'full protection',
      { protection: [{ type: 'edit', level: 'sysop', expiry: 'infinity' }] },
      { kind: 'refused', cause: 'protected', reason: '"Talk:Community Engagement" is protected (edit=sysop, expires infinity) and the bot may not edit it' },
    ],
    ['semi-protection: the bot is autoconfirmed', { protection: [{ type: 'edit', level: 'autoconfirmed', expiry: 'infinity' }] }, { kind: 'deliver' }],
    ['move protection does not stop a post', { protection: [{ type: 'move', level: 'sysop', expiry: 'infinity' }] }, { kind: 'deliver' }],
    [
      'a missing page protected against creation',
      { exists: false, text: null, protection: [{ type: 'create', level: 'sysop', expiry: '2027-01-01T00:00:00Z' }] },
      {
        kind: 'refused',
        cause: 'protected',
        reason: '"Talk:Community Engagement" is protected (create=sysop, expires 2027-01-01T00:00:00Z) and the bot may not edit it',
      },
    ],
    ['a redirect followed to an existing page', { requested: 'Talk:Old', redirectedFrom: ['Talk:Old'] }, { kind: 'deliver' }],
    [
      'a redirect to a missing page',
      { requested: 'Talk:Old', redirectedFrom: ['Talk:Old'], exists: false, text: null },
      {
        kind: 'refused',
        cause: 'broken-redirect',
        reason: '"Talk:Old" redirects to "Talk:Community Engagement", which does not exist; fix the redirect or remove it',
      },
    ],
    ['a redirect loop', { brokenRedirect: 'the redirects from "Talk:A" go round in a loop' }, { kind: 'refused', cause: 'broken-redirect', reason: 'the redirects from "Talk:A" go round in a loop' }],
    ['an invalid title', { exists: false, invalidReason: 'bad' }, { kind: 'refused', cause: 'invalid-title', reason: '"Talk:Community Engagement" is not a valid title (bad)' }],
  ])('%s', (_case, extra, expected) => {
    expect(checkDelivery(talkPage(extra), KEY, rules)).toEqual(expected);
  });

  it('finds the marker before the opt-out, so a reminder posted before the page opted out counts as posted', () => {
    const page = talkPage({ optedOut: true, text: `{{nobots}}\n<!-- deptbot:${KEY} -->` });

    expect(checkDelivery(page, KEY, rules).kind).toBe('posted');
  });
});
