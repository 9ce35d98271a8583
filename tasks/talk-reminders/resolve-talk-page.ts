// From a subject page to the talk page a reminder goes to: the talk namespace from the wiki's own
// namespace table. The talk pages are then read following redirects (readPagesThroughRedirects), with
// what delivery depends on (text, opt-out category, protection, page language).
import { TitleRules, type Namespace } from '../../src/core/title';
import type { RedirectedPage } from '../../src/wiki/reader';

/** What the bot needs to know about a talk page before it posts there (reached through its redirects). */
export type TalkPage = RedirectedPage;

/** The rules of each namespace table asked about, made once: a run asks for the talk page of every reminder due. */
const rulesByTable = new WeakMap<readonly Namespace[], TitleRules>();

function titleRulesOf(namespaces: readonly Namespace[]): TitleRules {
  let rules = rulesByTable.get(namespaces);
  if (!rules) {
    rules = new TitleRules(namespaces);
    rulesByTable.set(namespaces, rules);
  }
  return rules;
}

/**
 * The talk page of `title`: `Talk:X` for `X`, `User talk:Y` for `User:Y`; a talk page is its own.
 * Null for namespaces without talk pages (Special, Media).
 */
export function talkPageOf(title: string, namespaces: readonly Namespace[]): string | null {
  const rules = titleRulesOf(namespaces);
  const colon = title.indexOf(':');
  // The prefix as MediaWiki recognises it (any of the namespace's names, any case); the rest as written.
  const namespace = colon > 0 ? rules.namespaceNamed(title.slice(0, colon)) : undefined;
  const id = namespace?.id ?? 0;
  const rest = namespace ? title.slice(colon + 1).trim() : title.trim();
  if (id < 0) return null;
  if (id % 2 === 1) return title.trim();
  const talk = rules.namespaceById(id + 1);
  return talk ? `${talk.name}:${rest}` : null;
}
