// Who may change what the bot publishes from a department's schedule page: the trusted editors in
// config, plus those on `User:<bot>/trusted-editors.json`, which MediaWiki itself protects (only the
// bot's account and interface administrators may edit another user's .json page). The bot trusts itself.
import { z } from 'zod';

export const trustedEditorsSchema = z
  .object({
    /** User names whose revisions of a schedule page are published. */
    users: z.array(z.string().trim().min(1)).default([]),
    /** User groups (e.g. sysop) whose members' revisions are published. */
    groups: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();

export type TrustedEditors = z.infer<typeof trustedEditorsSchema>;

/** MediaWiki user names: first letter upper case, underscores as spaces. */
export function normaliseUserName(name: string): string {
  const spaced = name.trim().replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The trust anchor of one run: names trusted outright, and groups whose members are. */
export interface Trust {
  users: ReadonlySet<string>;
  groups: ReadonlySet<string>;
}

export function trustFrom(botUser: string, ...lists: readonly TrustedEditors[]): Trust {
  return {
    users: new Set([botUser, ...lists.flatMap((list) => list.users)].map(normaliseUserName)),
    groups: new Set(lists.flatMap((list) => list.groups)),
  };
}

/**
 * The lists on the trusted-editors page, or why they cannot be used (then only the config's lists
 * apply). Its text is the page's latest revision: MediaWiki lets only trusted hands write it.
 */
export function parseTrustedEditorsPage(title: string, text: string): { list: TrustedEditors } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problem: `${title} is not valid JSON (${(error as Error).message}); only the trusted editors in config are used` };
  }
  const parsed = trustedEditorsSchema.safeParse(data);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'page'}: ${issue.message}`).join('; ');
    return { problem: `${title} is not {"users": [...], "groups": [...]} (${detail}); only the trusted editors in config are used` };
  }
  return { list: parsed.data };
}
