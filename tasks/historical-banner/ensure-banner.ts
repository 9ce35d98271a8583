// Recognising the historical banner in any spelling, and putting it at its place when it is missing.
import type { TransformResult } from '../../src/core/task';
import { findTemplates, findUnbalancedMarkup, normaliseTemplateName, type TemplateCall } from '../../src/wikitext/parse';

/** The names that call the banner: the template and every redirect to it, normalised. */
export function bannerNames(template: string, redirects: readonly string[]): Set<string> {
  return new Set([template, ...redirects].map(normaliseTemplateName));
}

/**
 * Every banner call on the page, however it is spelt (case of the first letter, underscores,
 * spaces, `Template:` prefix, parameters, a redirect's name). Calls inside comments, <nowiki> and
 * <pre> do not count: they do not show.
 */
export function findBanners(text: string, names: ReadonlySet<string>): TemplateCall[] {
  return findTemplates(text, { recursive: true }).filter((call) => names.has(call.name));
}

// Translate's language bar: the banner goes after it so the bar stays first on every translation.
const LEADING_LANGUAGES = /^\s*<languages\s*\/>[ \t]*(?:\n|$)/i;

/**
 * Where the banner goes: right after a leading `<languages/>` line, else at the very top. Both
 * places are outside `<translate>`, so the banner reaches the translations instead of becoming a unit.
 */
export function insertBanner(text: string, banner: string): string {
  const languages = LEADING_LANGUAGES.exec(text);
  if (!languages) return `${banner}\n${text}`;
  const head = languages[0].endsWith('\n') ? languages[0] : `${languages[0]}\n`;
  return `${head}${banner}\n${text.slice(languages[0].length)}`;
}

/** The transform: the page with the banner, the page as it is when one is there, or a reason not to touch it. */
export function ensureBanner(text: string, banner: string, names: ReadonlySet<string>): TransformResult {
  const unbalanced = findUnbalancedMarkup(text);
  if (unbalanced) return { skip: `unbalanced markup (${unbalanced}); not guessing where the banner goes` };
  if (findBanners(text, names).length > 0) return { text };
  if (text.trim() === '') return { skip: 'the page is empty' };
  return { text: insertBanner(text, banner) };
}
