// Builds what a command needs, in the order that lets every failure be reported well: environment
// and config first (a bad value exits 2 before anything starts), then the logger (so the stack of
// any later failure reaches the log file), then the wiki client and the ledger.
import type { Config } from '../config/schema';
import { readConfigName, readEnvOptions, readLogFormat, type EnvOptions } from '../env';
import { bindLedgerToWiki } from '../ledger/wiki-binding';
import { FILE_ONLY } from '../log/logger';
import { openLocal, readConfig, wikiClientOptions, type LocalRuntime } from '../runtime';
import { WikiClient } from '../wiki/client';
import type { CliDeps } from './cli-deps';
import { ConsoleOutput } from './progress';

export interface LocalSession extends LocalRuntime {
  /** Known secrets (empty when the command did not read credentials). */
  secrets: readonly string[];
  /** stderr as the logger and the progress bar share it. */
  console: ConsoleOutput;
}

export interface WikiSession extends LocalSession {
  env: EnvOptions;
  wiki: WikiClient;
}

export function loadCliConfig(deps: CliDeps): Config {
  return readConfig(deps.configDir, readConfigName(deps.env), deps.tasks);
}

/** Config, logger and ledger: for commands that never talk to the wiki. */
export function openLocalSession(deps: CliDeps, secrets: readonly string[] = []): LocalSession {
  const format = deps.logFormat ?? readLogFormat(deps.env) ?? 'text';
  const output = new ConsoleOutput(deps.logOut ?? deps.stderr);
  const local = openLocal(loadCliConfig(deps), deps.tasks, secrets, {
    pretty: format === 'text',
    color: format === 'text' && Boolean(deps.stderr.isTTY),
    stream: output.logStream,
  });
  return { ...local, secrets, console: output };
}

/**
 * Runs `work` with a session and closes it afterwards. An error goes to the log file with its stack
 * (the log is the place for stacks; the CLI prints one sentence) and is rethrown for the exit code.
 */
export async function withSession<S extends LocalSession, T>(session: S, work: (session: S) => Promise<T> | T): Promise<T> {
  try {
    return await work(session);
  } catch (error) {
    session.log.error('command failed', { ...FILE_ONLY, error: String(error), stack: (error as Error)?.stack });
    throw error;
  } finally {
    session.close();
  }
}

/** Everything, logged in. A failure to connect goes to the log file with its stack, then is rethrown for the exit code. */
export async function openWikiSession(deps: CliDeps, dryRun: boolean): Promise<WikiSession> {
  const env = readEnvOptions(deps.env);
  const local = openLocalSession(deps, env.secrets);
  try {
    const wiki = await WikiClient.connect(wikiClientOptions(local.config, env, dryRun, local.log));
    await bindLedgerToWiki(local.ledger, local.ledger.backend.where, wiki, deps.clock());
    return { ...local, env, wiki };
  } catch (error) {
    local.log.error('could not connect to the wiki', { ...FILE_ONLY, error: String(error), stack: (error as Error)?.stack });
    local.close();
    throw error;
  }
}
