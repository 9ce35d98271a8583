// `deptbot validate`: checks the environment, the config files, the login and rights, the bot's own
// pages and each task's on-wiki config, touching nothing (the wiki client is in dry-run mode).
import { isTitleAllowed } from '../../core/allowlist';
import { errorMessage } from '../../core/errors';
import { readShutoff, shutoffPages } from '../../core/shutoff';
import { PAGES_PER_PART } from '../../core/task';
import { describeLedger } from '../../ledger/describe-ledger';
import type { CliDeps } from '../cli-deps';
import { EXIT_OK, EXIT_SHUTOFF, EXIT_USAGE } from '../exit-codes';
import { openWikiSession, withSession } from '../session';

export async function validateCommand(deps: CliDeps): Promise<number> {
  // Environment and config errors throw ConfigError here: one sentence, exit 2.
  return withSession(await openWikiSession(deps, true), async ({ config, wiki, ledger, log }) => {
    const problems: string[] = [];
    const say = (line: string) => deps.stdout.write(`${line}\n`);
    say(`ok   config: ${config.sources.join(' + ')}`);
    say(`ok   ledger: ${describeLedger(ledger)}`);
    say(`ok   login: ${wiki.userName} on ${wiki.apiUrl}`);
    if (config.wiki.assert === 'bot' && !wiki.rights.has('bot')) {
      problems.push(`${wiki.userName} has no "bot" right, but wiki.assert is "bot": every request would fail`);
    }
    for (const [setting, title] of [
      ['bot.statusPage', config.bot.statusPage],
      ['bot.docsPage', config.bot.docsPage],
    ] as const) {
      const page = (await wiki.readPages([title])).get(title);
      if (!page || page.invalidReason) problems.push(`${setting}: "${title}" is not a valid title`);
      else if (!isTitleAllowed(page.title, page.namespace, config.safety.allow)) {
        problems.push(`${setting}: "${title}" is outside safety.allow, so the bot could never update it`);
      } else say(`ok   ${setting}: ${title}${page.exists ? '' : ' (will be created)'}`);
    }
    let shutoffActive = false;
    const enabled = deps.tasks.filter((task) => config.tasks[task.name]?.enabled !== false);
    const globalShutoff = await readShutoff(wiki, [config.safety.shutoffPage]);
    if (globalShutoff.active) {
      shutoffActive = true;
      say(`STOP shutoff: ${globalShutoff.reason}`);
    } else say(`ok   shutoff: ${config.safety.shutoffPage} lets the bot write`);
    for (const task of enabled) {
      const [, taskPage] = shutoffPages(config.safety.shutoffPage, task.name);
      const state = await readShutoff(wiki, [taskPage]);
      if (state.active) {
        shutoffActive = true;
        say(`STOP ${task.name}: ${state.reason}`);
      }
      if (!task.validate) continue;
      try {
        const found = await task.validate({
          now: deps.clock(),
          settings: config.tasks[task.name].settings,
          wiki,
          ledger,
          log: log.child({ task: task.name }),
          taskName: task.name,
          botName: wiki.userName,
          pagesPerPart: PAGES_PER_PART,
        });
        problems.push(...found.map((problem) => `${task.name}: ${problem}`));
        if (!found.length) say(`ok   ${task.name}: on-wiki config`);
      } catch (error) {
        problems.push(`${task.name}: its on-wiki config could not be checked (${errorMessage(error)})`);
        log.error('task validation failed', { task: task.name, error: errorMessage(error), stack: (error as Error)?.stack });
      }
    }
    for (const problem of problems) deps.stderr.write(`deptbot: ${problem}\n`);
    if (problems.length) return EXIT_USAGE;
    say(`ok   ${enabled.length} enabled task(s) of ${deps.tasks.length} registered`);
    return shutoffActive ? EXIT_SHUTOFF : EXIT_OK;
  });
}
