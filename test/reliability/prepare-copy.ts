// One copy of a scenario's pages under a fresh prefix, with the config and ledger a run on it needs.
import type { Config } from '../../src/config/schema';
import type { Task } from '../../src/core/task';
import { Ledger } from '../../src/ledger/ledger';
import type { WikiClient } from '../../src/wiki/client';
import { testConfig, uniquePrefix } from '../support/local-wiki';
import { copySeedPages } from '../support/seed-pages';
import { comparedPages, type Scenario } from './scenarios';
import { registeredTaskLedgers } from '../../tasks';

export interface ScenarioCopy {
  prefix: string;
  /** The pages the run may write (what the suites compare). */
  pages: string[];
  config: Config;
}

/**
 * Short back-offs (the proxy's Retry-After of 1 s is capped at maxRetryWaitMs), and a timeout
 * that the `slow` fault can exceed, so that the suites stay within CI's time. With so short a
 * timeout, a busy wiki (several copies at once, SQLite's write lock) sometimes answers too late
 * on its own: more retries than the default absorb that.
 */
export const RELIABILITY_WIKI_SETTINGS = { retryPauseMs: 20, maxRetryWaitMs: 200, timeoutMs: 2000, maxRetries: 10 } as const;

export function scenarioConfig(task: Task, scenario: Scenario, prefix: string, wiki: Partial<Config['wiki']> = {}): Config {
  return testConfig([task], (c) => ({
    ...c,
    wiki: { ...c.wiki, ...RELIABILITY_WIKI_SETTINGS, ...wiki },
    tasks: { ...c.tasks, [task.name]: { ...c.tasks[task.name], settings: task.settingsSchema.parse(scenario.settings(prefix)) } },
  }));
}

/** The people who set up copies: Editor1 copies the pages; Admin creates pages of another content model. */
export interface People {
  editor: WikiClient;
  /** MediaWiki limits content-model changes to 8 a minute for ordinary users (editcontentmodel); sysops are exempt. */
  admin: WikiClient;
}

/** Copies the scenario's pages as people would, and prepares the run's private ledger. */
export async function prepareCopy(
  people: People,
  task: Task,
  scenario: Scenario,
  name: string,
  wiki: Partial<Config['wiki']> = {},
): Promise<ScenarioCopy> {
  const prefix = uniquePrefix(name);
  await copySeedPages(people.editor, prefix, scenario.seedPages);
  for (const page of scenario.setupPages?.(prefix) ?? []) {
    await (page.contentModel ? people.admin : people.editor).write({
      action: 'edit',
      title: page.title,
      text: page.text,
      summary: 'set up for a reliability test',
      ...(page.contentModel ? { contentmodel: page.contentModel } : {}),
    });
  }
  const config = scenarioConfig(task, scenario, prefix, wiki);
  if (scenario.prepareLedger) {
    const ledger = Ledger.open(config.ledger, registeredTaskLedgers);
    try {
      scenario.prepareLedger(ledger, prefix);
    } finally {
      ledger.close();
    }
  }
  return { prefix, pages: comparedPages(scenario, prefix), config };
}
