// Finding the "Office hours" section of a page, and where its own text ends (before trailing blank
// lines, category links and a lone <translate> that opens the next section's block).
import { findSections } from '../../src/wikitext/parse';

export interface OfficeHoursSection {
  /** The heading as written, tags removed. */
  heading: string;
  /** Offset of the heading line. */
  start: number;
  /** First offset after the heading line. */
  bodyStart: number;
  /** End of the section's own text: the next heading of any level, or the end of the page. */
  end: number;
}

/** The words of a heading: Translate tags and extra spaces removed, lower case. */
export function headingWords(header: string): string {
  return header.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function findOfficeHoursSections(text: string, titles: readonly string[]): OfficeHoursSection[] {
  const wanted = new Set(titles.map(headingWords));
  return findSections(text)
    .filter((section) => section.header !== null && wanted.has(headingWords(section.header)))
    .map((section) => {
      const end = section.index + section.content.length;
      const lineEnd = text.indexOf('\n', section.index);
      return {
        heading: (section.header ?? '').replace(/<[^>]*>/g, '').trim(),
        start: section.index,
        bodyStart: lineEnd === -1 || lineEnd >= end ? end : lineEnd + 1,
        end,
      };
    });
}

const FILLER_LINE = /^\s*(?:(?:\[\[\s*category\s*:[^\]]*\]\]\s*)+|<translate>)?\s*$/i;

/** Moves `end` back over trailing lines that are blank, only category links, or a lone <translate>. */
export function trimTrailingLines(text: string, start: number, end: number): number {
  let cut = end;
  while (cut > start) {
    const lineEnd = text[cut - 1] === '\n' ? cut - 1 : cut;
    const lineStart = lineEnd === 0 ? 0 : Math.max(text.lastIndexOf('\n', lineEnd - 1) + 1, start);
    if (lineStart >= cut || !FILLER_LINE.test(text.slice(lineStart, lineEnd))) break;
    cut = lineStart;
  }
  return cut;
}
