// What a peer script is: the same job as a deptbot task, written as a capable user would with mwn
// (list with continuation, `bot.read` 500 titles a request, a check per page), handing each changed
// page and its new text to `onChange` and nothing else. The bench counts them; the test compares them.
import type { Mwn } from 'mwn';

export type OnChange = (title: string, newText: string) => void;

/** A peer gets the task's settings exactly as the bench gives them to deptbot (bench/task-workloads.ts). */
export type Peer<Settings = any> = (bot: Mwn, settings: Settings, now: Date, onChange: OnChange) => Promise<void>;

/** A page as `bot.read` answers it (formatversion 2). */
export interface ReadPage {
  title: string;
  missing?: boolean;
  revisions?: Array<{ content?: string; user?: string; timestamp?: string }>;
}

/** `bot.read` (page text; `options` ask for more), 500 titles a request, always as a list (mwn answers one title with the page alone). */
export async function readAll<Page extends ReadPage = ReadPage>(bot: Mwn, titles: readonly string[], options?: Record<string, string>): Promise<Page[]> {
  if (titles.length === 0) return [];
  const read = (await bot.read([...titles], options)) as unknown as Page | Page[];
  return Array.isArray(read) ? read : [read];
}

export function contentOf(page: ReadPage): string | null {
  return page.missing ? null : (page.revisions?.[0]?.content ?? null);
}
