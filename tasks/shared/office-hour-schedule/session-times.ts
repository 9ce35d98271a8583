// How a session's start is written for readers: in UTC, and as a link showing it in the reader's own zone.

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const twoDigits = (value: number) => String(value).padStart(2, '0');

/**
 * "Thursday, 10 December 2020, 16:00 UTC". Written out by hand: luxon's toFormat took 2.5 s for the
 * 80,000 dates of a 10,000-page run, for the same text.
 */
export function formatUtc(start: Date): string {
  const date = `${WEEKDAYS[start.getUTCDay()]}, ${start.getUTCDate()} ${MONTHS[start.getUTCMonth()]} ${String(start.getUTCFullYear()).padStart(4, '0')}`;
  return `${date}, ${twoDigits(start.getUTCHours())}:${twoDigits(start.getUTCMinutes())} UTC`;
}

/** The zonestamp tool shows a unix time in the reader's own zone. */
export function localTimeLink(start: Date): string {
  return `https://zonestamp.toolforge.org/${Math.floor(start.getTime() / 1000)}`;
}
