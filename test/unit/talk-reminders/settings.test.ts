import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config';
import { registeredTasks } from '../../../tasks';
import { DEFAULT_MESSAGES, REMINDER_KINDS } from '../../../tasks/talk-reminders/reminder-kinds';
import { talkRemindersSettings } from '../../../tasks/talk-reminders/settings';

describe('talk-reminders settings', () => {
  it('gives every kind its default message, and the spec\'s caps, when nothing is configured', () => {
    const settings = talkRemindersSettings.parse({});

    expect(Object.keys(settings.messages).sort()).toEqual([...REMINDER_KINDS].sort());
    expect(settings.messages['banner-removed']).toEqual({ ...DEFAULT_MESSAGES['banner-removed'], languages: {} });
    expect(settings.frequency).toEqual({ posts: 1, days: 7 });
    expect(settings.officeHours).toEqual({
      enabled: true,
      daysBefore: 3,
      scheduleFile: 'config/office-hours.yaml',
      onWikiPage: 'User:DeptBot/office-hours.json',
    });
    expect(settings.optOutCategory).toBe('Opted-out of message delivery');
  });

  it('loads from config/default.yaml', () => {
    const config = loadConfig([path.resolve(__dirname, '..', '..', '..', 'config', 'default.yaml')], registeredTasks);

    expect(config.tasks['talk-reminders'].settings).toEqual(talkRemindersSettings.parse({}));
  });

  it('keeps a configured message and its language variants', () => {
    const messages = {
      'translation-outdated': {
        sectionTitle: 'Outdated: {language}',
        body: '{{Tl|Outdated}} [[{page}]] has {outdated} outdated units.',
        languages: { de: { sectionTitle: 'Veraltet: {language}', body: '[[{page}]] hat {outdated} veraltete Abschnitte.' } },
      },
    };

    const settings = talkRemindersSettings.parse({ messages });

    expect(settings.messages['translation-outdated']).toEqual(messages['translation-outdated']);
    expect(settings.messages['upcoming-office-hour']).toEqual({ ...DEFAULT_MESSAGES['upcoming-office-hour'], languages: {} });
  });

  it.each([
    [
      'a placeholder the kind does not offer',
      { messages: { 'banner-removed': { sectionTitle: 'Removed', body: 'from [[{page}]] at {percent}%' } } },
      ['messages', 'banner-removed', 'body'],
      'unknown placeholder {percent}; banner-removed offers {page}, {talkPage}, {template}, {addedInRevision}, {removedInRevision}, {removedBy}',
    ],
    [
      'a typo in a language variant',
      {
        messages: {
          'upcoming-office-hour': { sectionTitle: 'On {date}', body: 'x', languages: { es: { sectionTitle: 'El {fecha}', body: 'y' } } },
        },
      },
      ['messages', 'upcoming-office-hour', 'languages', 'es', 'sectionTitle'],
      'unknown placeholder {fecha}; upcoming-office-hour offers {page}, {talkPage}, {date}, {duration}, {language}, {languageName}, {link}, {localTime}, {notes}, {movedFrom}, {moveNote}',
    ],
    ['an unknown kind', { messages: { 'new-kind': { sectionTitle: 'x', body: 'y' } } }, ['messages'], 'Unrecognized key: "new-kind"'],
    ['a variant that is not a language code', { messages: { 'banner-removed': { sectionTitle: 'x', body: 'y', languages: { German: { sectionTitle: 'x', body: 'y' } } } } }, ['messages', 'banner-removed', 'languages', 'German'], 'expected a language code such as "de" or "zh-hans"'],
    ['an empty body', { messages: { 'banner-removed': { sectionTitle: 'x', body: '  ' } } }, ['messages', 'banner-removed', 'body'], 'Too small: expected string to have >=1 characters'],
    ['a cap of zero posts per page', { frequency: { posts: 0 } }, ['frequency', 'posts'], 'Too small: expected number to be >=1'],
  ])('rejects %s at its path', (_case, input, expectedPath, message) => {
    const result = talkRemindersSettings.safeParse(input);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toContainEqual([expectedPath, message]);
  });
});
