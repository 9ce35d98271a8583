// {{bots}} / {{nobots}} compliance with Pywikibot's semantics (pywikibot/page/_basepage.py:
// templatesWithParams, then _check_bot_may_edit). Each call's parameters are first put in
// Pywikibot's order: a repeated name keeps its last value (as MediaWiki does); the consecutive
// numbered ones from 1 come first, then the others as `name=value` in sorted order of their names;
// only the first of that list decides. `all` and the bot's user name are recognised;
// allowscript/denyscript name the task; unknown keys such as optout are ignored.
import { findTemplates, type CallParam } from '../wikitext/parse';
import { byCodePoint } from './code-point-order';

export type ExclusionVerdict = { allowed: true } | { allowed: false; reason: string };

/** Python's int() of a parameter name, for the names it accepts ("1", "+2", "0_1"); else null. */
function integerKey(name: string): number | null {
  return /^[+-]?\d+(?:_\d+)*$/.test(name) ? Number(name.replace(/_/g, '')) : null;
}

/**
 * The parameters as Pywikibot lists them: `value` for a positional one, `name=value` otherwise.
 * Named values are trimmed and positional ones are not (mwparserfromhell with strip=True).
 */
export function pywikibotParams(params: readonly CallParam[]): string[] {
  const byName = new Map<string, string>();
  for (const param of params) byName.set(param.name.trim(), param.positional ? param.value : param.value.trim());
  const integers = new Map<number, string>();
  const named = new Map<string, string>();
  for (const name of [...byName.keys()].sort(byCodePoint)) {
    const key = integerKey(name);
    if (key === null) named.set(name, byName.get(name) as string);
    else integers.set(key, byName.get(name) as string);
  }
  const listed: string[] = [];
  for (let position = 1; position <= integers.size; position++) {
    if (integers.has(position)) {
      listed.push(integers.get(position) as string);
      continue;
    }
    // Only consecutive numbers from 1 are positional; the rest are named (`{{x|a|5=b}}`).
    for (const [key, value] of integers) if (key < 1 || key >= position) named.set(String(key), value);
    break;
  }
  return [...listed, ...[...named].map(([name, value]) => `${name}=${value}`)];
}

/** The first parameter split as Pywikibot splits it: `key=value`, or a bare value with no key. */
function firstParameter(first: string | undefined): { key: string; value: string; names: Set<string> } {
  if (first === undefined) return { key: '', value: '', names: new Set() };
  const equals = first.indexOf('=');
  const [key, value] = equals === -1 ? ['', first] : [first.slice(0, equals).trim(), first.slice(equals + 1)];
  return { key, value, names: new Set(value.split(',').map((name) => name.trim())) };
}

function nobotsVerdict(params: string[], botName: string, taskName: string): ExclusionVerdict | null {
  // Pywikibot lets {{nobots|}} through (an empty name matches no bot); the author meant {{nobots}}.
  if (params.length === 0 || params[0].trim() === '') return { allowed: false, reason: '{{nobots}} excludes all bots' };
  const { key, value, names } = firstParameter(params[0]);
  if (key) return { allowed: false, reason: `{{nobots|${key}=…}} is not a valid form; declining to edit` };
  if (names.has('all') || names.has(botName) || names.has(taskName)) return { allowed: false, reason: `{{nobots|${value}}} names this bot` };
  return null;
}

function botsVerdict(params: string[], botName: string, taskName: string): ExclusionVerdict | null {
  const { key, value, names } = firstParameter(params[0]);
  if (!key || !value) return null; // {{bots}}, {{bots|x}} and {{bots|x=}} restrict nothing
  const shown = value.trim();
  const bot = names.has('all') || names.has(botName);
  const task = names.has('all') || names.has(taskName);
  if (key === 'allow' && !bot) return { allowed: false, reason: `{{bots|allow=${shown}}} does not include ${botName}` };
  if (key === 'deny' && bot) return { allowed: false, reason: `{{bots|deny=${shown}}} excludes ${botName}` };
  if (key === 'allowscript' && !task) return { allowed: false, reason: `{{bots|allowscript=${shown}}} does not include the task ${taskName}` };
  if (key === 'denyscript' && task) return { allowed: false, reason: `{{bots|denyscript=${shown}}} excludes the task ${taskName}` };
  return null;
}

export function isBotAllowed(text: string, botName: string, taskName: string): ExclusionVerdict {
  // Every call that normalises to Bots or Nobots spells "bots" in some case; most pages never do,
  // and a full template parse of each page the bot may save is its costliest step (DESIGN §5).
  if (!/bots/i.test(text)) return { allowed: true };
  let templates;
  try {
    templates = findTemplates(text, { recursive: true });
  } catch (error) {
    return { allowed: false, reason: `the page's wikitext could not be parsed (${error instanceof Error ? error.message : String(error)}); declining to edit` };
  }
  for (const template of templates) {
    if (template.name !== 'Bots' && template.name !== 'Nobots') continue;
    const params = pywikibotParams(template.params);
    const verdict = template.name === 'Nobots' ? nobotsVerdict(params, botName, taskName) : botsVerdict(params, botName, taskName);
    if (verdict) return verdict;
  }
  return { allowed: true };
}
