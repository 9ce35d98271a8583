// The seeded department pages (test/wiki/seed/pages), readable by title and copyable under a
// test's own prefix, so a test never edits the shared seeded pages that the demo uses.
import fs from 'node:fs';
import path from 'node:path';
import type { WikiClient } from '../../src/wiki/client';
import { humanEdit } from './local-wiki';

const seedDir = path.join(__dirname, '..', 'wiki', 'seed', 'pages');

export function seedText(title: string): string {
  return fs.readFileSync(path.join(seedDir, `${title.replace(/\//g, '%2F')}.wikitext`), 'utf8');
}

/** Where a seed page lands under a prefix: `Talk:X` → `Talk:<prefix>X`, `X` → `<prefix>X`. */
export function prefixedTitle(prefix: string, title: string): string {
  const talk = title.match(/^Talk:(.*)$/);
  return talk ? `Talk:${prefix}${talk[1]}` : `${prefix}${title}`;
}

/** Saves the named seed pages under `prefix` as `client` (a human account); returns seed title → new title. */
export async function copySeedPages(client: WikiClient, prefix: string, titles: readonly string[]): Promise<Map<string, string>> {
  const copies = new Map<string, string>();
  for (const title of titles) {
    const target = prefixedTitle(prefix, title);
    await humanEdit(client, target, seedText(title), `copy of the seed page ${title}`);
    copies.set(title, target);
  }
  return copies;
}
