// The kinds of reminder, the placeholders each one's message may use, and the messages used when
// config gives none. A signal's type is its reminder's kind; upcoming office hours are our own check.

export const SIGNAL_KINDS = [
  'stale-office-hours',
  'translation-below-threshold',
  'translation-fell-below',
  'translation-outdated',
  'banner-removed',
] as const;

export const REMINDER_KINDS = ['upcoming-office-hour', ...SIGNAL_KINDS] as const;

export type SignalKind = (typeof SIGNAL_KINDS)[number];
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export function isSignalKind(type: string): type is SignalKind {
  return (SIGNAL_KINDS as readonly string[]).includes(type);
}

/** Every kind: the subject page, and the talk page the reminder is posted on. */
const COMMON = ['page', 'talkPage'] as const;
const TRANSLATION = [...COMMON, 'language', 'languageName', 'link'] as const;

export const PLACEHOLDERS: Readonly<Record<ReminderKind, readonly string[]>> = {
  'upcoming-office-hour': [...COMMON, 'date', 'duration', 'language', 'languageName', 'link', 'localTime', 'notes', 'movedFrom', 'moveNote'],
  'stale-office-hours': [...COMMON, 'date', 'sentence', 'section'],
  'translation-below-threshold': [...TRANSLATION, 'percent', 'threshold'],
  'translation-fell-below': [...TRANSLATION, 'percent', 'previousPercent', 'threshold'],
  'translation-outdated': [...TRANSLATION, 'outdated', 'threshold'],
  'banner-removed': [...COMMON, 'template', 'addedInRevision', 'removedInRevision', 'removedBy'],
};

/** English defaults; config replaces a kind's message as a whole and may add per-language variants. */
export const DEFAULT_MESSAGES: Readonly<Record<ReminderKind, { sectionTitle: string; body: string }>> = {
  'upcoming-office-hour': {
    sectionTitle: 'Office hour on {date}',
    body:
      "The next office hour about [[{page}]] takes place on '''{date}''' ({duration} minutes, in {languageName}).{moveNote}\n" +
      '* [{localTime} The time where you are]\n' +
      '* [{link} Join the meeting]\n' +
      'Questions are welcome here, before and after the session.',
  },
  'stale-office-hours': {
    sectionTitle: 'Out-of-date office-hour announcement',
    body:
      'The "{section}" section of [[{page}]] still announces an office hour on {date}, a date that has passed: "{sentence}" ' +
      'Could someone who knows the current schedule update the announcement, or say that no session is planned?',
  },
  'translation-below-threshold': {
    sectionTitle: 'Translation into {language} is {percent}% complete',
    body:
      'The {languageName} translation of [[{page}]] is {percent}% complete, below the {threshold}% this page aims for. ' +
      'If you can help, [{link} translate it here].',
  },
  'translation-fell-below': {
    sectionTitle: 'Translation into {language} fell below {threshold}%',
    body:
      'The {languageName} translation of [[{page}]] went from {previousPercent}% to {percent}% complete. ' +
      'This usually means that the page changed and parts of the translation are now outdated. [{link} Update the translation].',
  },
  'translation-outdated': {
    sectionTitle: '{outdated} outdated translation units in {language}',
    body:
      'The {languageName} translation of [[{page}]] has {outdated} outdated units (more than {threshold}). ' +
      '[{link} Review and update them].',
  },
  'banner-removed': {
    sectionTitle: 'Historical notice removed',
    body:
      'The {template} notice that DeptBot added to [[{page}]] in [[Special:Diff/{addedInRevision}|revision {addedInRevision}]] ' +
      'was removed by {removedBy|an editor}. The bot will not put it back. Is this department active again? ' +
      'If not, please consider restoring the notice, or say here why the page should go without it.',
  },
};
