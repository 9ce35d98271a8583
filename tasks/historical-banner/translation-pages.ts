// Which pages are translation pages (`Title/xx`) and which are translatable sources. Translate forbids
// editing a translation page (`tpt-target-page`); the banner reaches it through its source page.
import { findTranslateBlocks } from '../../src/wikitext/parse';

export interface TranslationFacts {
  /**
   * Translatable pages according to Translate (`page-<Title>` message groups), when the wiki runs
   * Translate; null when it does not, and `<translate>` markup stands in for it.
   */
  translatablePages: ReadonlySet<string> | null;
  /** Language codes the wiki knows (siteinfo languages). */
  languageCodes: ReadonlySet<string>;
}

export function hasTranslateMarkup(text: string): boolean {
  return findTranslateBlocks(text).length > 0;
}

/** Whether a page is the source of translations (or will be, once marked). */
export function isTranslatableSource(title: string, text: string | null, facts: TranslationFacts): boolean {
  return (facts.translatablePages?.has(title) ?? false) || (text !== null && hasTranslateMarkup(text));
}

/** `Title/xx` split into base and language code, when the last segment is a code the wiki knows. */
export function languageSubpage(title: string, languageCodes: ReadonlySet<string>): { base: string; code: string } | null {
  const slash = title.lastIndexOf('/');
  if (slash <= 0) return null;
  const code = title.slice(slash + 1);
  return languageCodes.has(code) ? { base: title.slice(0, slash), code } : null;
}

/**
 * The source page when `title` is a translation page, else null. With Translate the source must be
 * one of its translatable pages; without it, the base page must carry `<translate>` markup.
 */
export function translationSourceOf(
  title: string,
  facts: TranslationFacts,
  textOf: (title: string) => string | null,
): string | null {
  const split = languageSubpage(title, facts.languageCodes);
  if (!split) return null;
  if (facts.translatablePages) return facts.translatablePages.has(split.base) ? split.base : null;
  const baseText = textOf(split.base);
  return baseText !== null && hasTranslateMarkup(baseText) ? split.base : null;
}
