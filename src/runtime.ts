// Builds what a run needs (config, logger, wiki client, ledger) from the environment's options.
// Called by the CLI (the composition root) and by tests; nothing here runs at import time.
import path from 'node:path';
import type { Logger } from 'winston';
import { configFiles, loadConfig } from './config/load-config';
import type { Config } from './config/schema';
import { taskLedgersOf, type Task } from './core/task';
import type { EnvOptions } from './env';
import { Ledger } from './ledger/ledger';
import { createLogger } from './log/logger';
import { WikiClient, type WikiClientOptions } from './wiki/client';

/** Config, logger and ledger: what every command needs, whether or not it talks to the wiki. */
export interface LocalRuntime {
  config: Config;
  log: Logger;
  ledger: Ledger;
  close(): void;
}

export interface Runtime extends LocalRuntime {
  wiki: WikiClient;
}

export interface RuntimeOptions {
  env: EnvOptions;
  /** Folder holding default.yaml and the overlays. */
  configDir: string;
  tasks: readonly Task[];
  dryRun: boolean;
  /** Replaces the config read from files (tests). */
  config?: Config;
  logStream?: NodeJS.WritableStream;
  pretty?: boolean;
}

export function readConfig(configDir: string, configName: string | undefined, tasks: readonly Task[]): Config {
  return loadConfig(configFiles(configDir, configName), tasks);
}

export function wikiClientOptions(config: Config, env: EnvOptions, dryRun: boolean, log: Logger): WikiClientOptions {
  return {
    apiUrl: env.apiUrl,
    userAgent: config.wiki.userAgent,
    auth: env.auth,
    assert: config.wiki.assert,
    maxlag: config.wiki.maxlag,
    maxRetries: config.wiki.maxRetries,
    backoff: { baseMs: config.wiki.retryPauseMs, maxMs: config.wiki.maxRetryWaitMs },
    timeoutMs: config.wiki.timeoutMs,
    dryRun,
    log,
  };
}

/** How console lines look and where they go. */
export interface ConsoleLines {
  /** Readable lines, or JSON lines for a log collector. */
  pretty: boolean;
  color?: boolean;
  stream?: NodeJS.WritableStream;
}

/** Opens the logger the config asks for (level, file; scrubbing `secrets`), then the ledger; close() closes both. */
export function openLocal(config: Config, tasks: readonly Task[], secrets: readonly string[], lines: ConsoleLines): LocalRuntime {
  const log = createLogger({
    level: config.log.level,
    file: config.log.file ? path.resolve(config.log.file) : null,
    secrets,
    ...lines,
  });
  const ledger = Ledger.open(config.ledger, taskLedgersOf(tasks));
  return {
    config,
    log,
    ledger,
    close: () => {
      ledger.close();
      log.close();
    },
  };
}

export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const config = options.config ?? readConfig(options.configDir, options.env.configName, options.tasks);
  const local = openLocal(config, options.tasks, options.env.secrets, { pretty: options.pretty ?? true, stream: options.logStream });
  try {
    return { ...local, wiki: await WikiClient.connect(wikiClientOptions(config, options.env, options.dryRun, local.log)) };
  } catch (error) {
    local.close();
    throw error;
  }
}
