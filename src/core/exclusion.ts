// {{bots}} / {{nobots}} compliance with Pywikibot's semantics (pywikibot/page/_basepage.py,
// _check_bot_may_edit): the first parameter of each template decides; `all` and the bot's user
// name are recognised; allowscript/denyscript name the task; unknown keys such as optout are ignored.
import { findTemplates } from '../wikitext/parse';

export type ExclusionVerdict = { allowed: true } | { allowed: false; reason: string };

function namesIn(value: string): Set<string> {
  return new Set(value.split(',').map((name) => name.trim()));
}

export function isBotAllowed(text: string, botName: string, taskName: string): ExclusionVerdict {
  // Every call that normalises to Bots or Nobots spells "bots" in some case; most pages never do,
  // and a full template parse of each page the bot may save is its costliest step (DESIGN §5).
  if (!/bots/i.test(text)) return { allowed: true };
  for (const template of findTemplates(text, { recursive: true })) {
    if (template.name !== 'Bots' && template.name !== 'Nobots') continue;
    const first = template.params[0];
    // mwn splits `key=value`; a positional first parameter is the value with no key.
    const positional = first !== undefined && /^\d+$/.test(first.name);
    const key = first === undefined || positional ? '' : first.name;
    const value = first === undefined ? '' : first.value.trim();
    const names = first === undefined ? new Set<string>() : namesIn(value);
    const named = names.has('all') || names.has(botName);

    if (template.name === 'Nobots') {
      if (first === undefined) return { allowed: false, reason: '{{nobots}} excludes all bots' };
      if (key) return { allowed: false, reason: `{{nobots|${key}=…}} is not a valid form; declining to edit` };
      if (named || names.has(taskName)) return { allowed: false, reason: `{{nobots|${value}}} names this bot` };
      continue;
    }
    if (!key || !value) continue; // {{bots}}, {{bots|x}} and {{bots|x=}} restrict nothing
    if (key === 'allow' && !named) return { allowed: false, reason: `{{bots|allow=${value}}} does not include ${botName}` };
    if (key === 'deny' && named) return { allowed: false, reason: `{{bots|deny=${value}}} excludes ${botName}` };
    if (key === 'allowscript' && !(names.has('all') || names.has(taskName))) {
      return { allowed: false, reason: `{{bots|allowscript=${value}}} does not include the task ${taskName}` };
    }
    if (key === 'denyscript' && (names.has('all') || names.has(taskName))) {
      return { allowed: false, reason: `{{bots|denyscript=${value}}} excludes the task ${taskName}` };
    }
  }
  return { allowed: true };
}
