// Golden files: a signal or an office-hour occurrence (*.input.json) → the section the bot posts
// (*.section.wikitext: heading, message, marker and the ~~~~ the wiki expands into the signature).
import fs from 'node:fs';
import path from 'node:path';
import { sectionText } from '../../../src/core/planned-change';
import type { Signal } from '../../../src/ledger/records';
import type { Occurrence } from '../../../tasks/shared/office-hour-schedule/schedule';
import { checkDelivery } from '../../../tasks/talk-reminders/check-delivery';
import { reminderFromOccurrence, reminderFromSignal, type Reminder } from '../../../tasks/talk-reminders/collect-reminders';
import { composeReminder } from '../../../tasks/talk-reminders/compose-reminder';
import { talkRemindersSettings } from '../../../tasks/talk-reminders/settings';

const goldenDir = path.join(__dirname, '..', '..', 'golden', 'talk-reminders');

interface GoldenInput {
  signal?: Omit<Signal, 'id' | 'sourceTask' | 'createdAt' | 'handledAt'>;
  occurrence?: Omit<Occurrence, 'start' | 'movedFrom'> & { start: string; movedFrom?: string };
  talkPage: { title: string; language: string | null };
  messages?: Record<string, unknown>;
}

const cases = fs
  .readdirSync(goldenDir)
  .filter((file) => file.endsWith('.input.json'))
  .map((file) => file.replace(/\.input\.json$/, ''))
  .sort();

/** The occurrence with its instants as Dates (JSON has them as ISO strings). */
function occurrenceOf({ start, movedFrom, ...rest }: NonNullable<GoldenInput['occurrence']>): Occurrence {
  return { ...rest, start: new Date(start), ...(movedFrom !== undefined ? { movedFrom: new Date(movedFrom) } : {}) };
}

function reminderOf(input: GoldenInput): Reminder {
  const made = input.signal
    ? reminderFromSignal({ ...input.signal, id: 1, sourceTask: 'test', createdAt: '2026-11-20T00:00:00.000Z', handledAt: null })
    : reminderFromOccurrence(occurrenceOf(input.occurrence!), 3);
  if ('problem' in made) throw new Error(made.problem);
  return made;
}

/** The section as MediaWiki appends it for section=new: the heading, then the text the writer sends. */
function postedSection(name: string): { wikitext: string; dedupeKey: string; page: string } {
  const input: GoldenInput = JSON.parse(fs.readFileSync(path.join(goldenDir, `${name}.input.json`), 'utf8'));
  const settings = talkRemindersSettings.parse({ messages: input.messages ?? {} });
  const action = composeReminder(reminderOf(input), input.talkPage, settings);
  return {
    wikitext: `== ${action.sectionTitle} ==\n${sectionText(action.body, action.dedupeKey)}\n`,
    dedupeKey: action.dedupeKey,
    page: input.talkPage.title,
  };
}

describe('posted sections (golden files)', () => {
  it('has an expected section for every input, and an input for every kind of reminder', () => {
    expect(cases.filter((name) => !fs.existsSync(path.join(goldenDir, `${name}.section.wikitext`)))).toEqual([]);
    const kinds = cases.map((name) => {
      const input: GoldenInput = JSON.parse(fs.readFileSync(path.join(goldenDir, `${name}.input.json`), 'utf8'));
      return input.signal?.type ?? 'upcoming-office-hour';
    });
    expect([...new Set(kinds)].sort()).toEqual(
      ['banner-removed', 'stale-office-hours', 'translation-below-threshold', 'translation-fell-below', 'translation-outdated', 'upcoming-office-hour'].sort(),
    );
  });

  it.each(cases)('%s: renders the expected section', (name) => {
    const { wikitext } = postedSection(name);

    expect(wikitext).toBe(fs.readFileSync(path.join(goldenDir, `${name}.section.wikitext`), 'utf8'));
  });

  it.each(cases)('%s: once on the talk page, the next run finds it posted', (name) => {
    const { wikitext, dedupeKey, page } = postedSection(name);
    const talkPage = {
      requested: page,
      title: page,
      redirectedFrom: [],
      exists: true,
      text: `== Earlier question ==\nIs anyone there? ~~~~\n\n${wikitext}`,
      optedOut: false,
      protection: [],
      language: 'en',
    };

    const delivery = checkDelivery(talkPage, dedupeKey, { botName: 'DeptBot', taskName: 'talk-reminders', rights: new Set(), optOutCategory: 'x' });

    expect(delivery).toEqual({ kind: 'posted', reason: `already posted: its marker is on "${page}"` });
  });
});
