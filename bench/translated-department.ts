// The department translation-status is benchmarked on with the real Translate: every page a copy of
// the seeded translatable page, marked for translation on the bench wiki, with translations in three
// languages. The translations are Translations: pages written into a dump (importDump.php loads tens
// of thousands in a minute, where saving them one by one through the API would take an hour), in
// shares that differ from page to page; the figures Translate must then report for each page are
// worked out here from the same shares, to check the wiki's answers and to give the run before.
import type { LanguageStats } from '../tasks/translation-status/read-stats';
import { departmentPages, departmentTitles, type Department, type GeneratedPage } from './department-dump';
import { benchPageIndex, earlierFigures } from './translate-stats';

/** The languages every page is (partly) translated into. */
export const TRANSLATED_DEPARTMENT_LANGUAGES = ['de', 'fr', 'es'];
const SOURCE_LANGUAGE = 'en';
/** The unit Translate makes of the page's title when it is marked with translatetitle=yes. */
const TITLE_UNIT = 'Page display title';
/** Translate's namespace for translation units (NS_TRANSLATIONS). */
const TRANSLATIONS_NAMESPACE = 1198;
/** What makes Translate count a translation as outdated (TRANSLATE_FUZZY). */
export const FUZZY = '!!FUZZY!!';

export function translatedDepartment(pages: number): Department {
  return { root: `Bench translated department of ${pages} pages`, pages, translated: true };
}

/** A page's translation units as Translate makes them when it marks the page: its title, then each `<!--T:n-->` marker's. */
function unitsOf(text: string): string[] {
  return [TITLE_UNIT, ...[...text.matchAll(/<!--T:(\d+)-->/g)].map((match) => match[1])];
}

/** How many units of page `index` have a translation into the language of `rank` (the first ones), and whether the last of them is outdated. */
function shareOf(index: number, rank: number, units: number): { count: number; lastOutdated: boolean } {
  const count = (index * 7 + rank * 3) % (units + 1);
  return { count, lastOutdated: count > 0 && (index + rank) % 3 === 0 };
}

/** The Translations: pages of the department, every page's shares in every language. */
export function translationPages(department: Department): GeneratedPage[] {
  return departmentPages(department).flatMap(({ title, text }, index) => {
    const units = unitsOf(text);
    return TRANSLATED_DEPARTMENT_LANGUAGES.flatMap((language, rank) => {
      const { count, lastOutdated } = shareOf(index, rank, units.length);
      return units.slice(0, count).map((unit, at) => ({
        title: `Translations:${title}/${unit}/${language}`,
        text: `${lastOutdated && at === count - 1 ? FUZZY : ''}[${language}] ${unit === TITLE_UNIT ? title : `unit ${unit} of ${title}`}`,
        namespace: TRANSLATIONS_NAMESPACE,
      }));
    });
  });
}

/** What Translate reports for page `index` now: the source language complete, each language's share (an outdated unit is not translated). */
function figuresNow(index: number, units: number): LanguageStats[] {
  const languages = TRANSLATED_DEPARTMENT_LANGUAGES.map((code, rank) => {
    const { count, lastOutdated } = shareOf(index, rank, units);
    return { code, total: units, translated: count - (lastOutdated ? 1 : 0), fuzzy: lastOutdated ? 1 : 0, proofread: 0 };
  });
  return [{ code: SOURCE_LANGUAGE, total: units, translated: units, fuzzy: 0, proofread: 0 }, ...languages];
}

/** The figures a page of the department should have on the wiki (its source and translated languages), or null for another page. */
export function expectedFigures(department: Department): (title: string) => LanguageStats[] | null {
  const units = unitsOf(departmentPages({ ...department, pages: 1 })[0].text).length;
  const titles = new Set(departmentTitles(department));
  return (title) => {
    const index = benchPageIndex(title);
    return index === null || !titles.has(title) ? null : figuresNow(index, units);
  };
}

/** The figures a run before the measured one kept of a page of the department (see earlierFigures). */
export function previousTranslatedFigures(department: Department): (title: string) => LanguageStats[] | null {
  const now = expectedFigures(department);
  return (title) => {
    const figures = now(title);
    return figures && earlierFigures(figures, benchPageIndex(title) ?? 0);
  };
}
