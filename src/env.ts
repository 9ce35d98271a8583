// The only reader of process.env: the target wiki, the credentials and the config name. Every value
// can come from the environment alone (on Toolforge: `toolforge envvars create NAME`); .env, loaded
// into the environment by the CLI when the working directory has one, is for one machine.
import { ConfigError } from './core/errors';
import { LOG_FORMATS, type LogFormat } from './log/logger';
import type { WikiAuth } from './wiki/client';

export interface EnvOptions {
  apiUrl: string;
  auth: WikiAuth;
  /** DEPTBOT_CONFIG: the overlay config/<name>.yaml to merge over config/default.yaml. */
  configName?: string;
  /** Values that must never appear in output. */
  secrets: string[];
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is not set: set it in the environment (on Toolforge: toolforge envvars create ${name}) or in .env (see .env.example)`);
  return value;
}

/** DEPTBOT_CONFIG alone: commands that read only the config and the ledger need no credentials. */
export function readConfigName(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DEPTBOT_CONFIG?.trim() || undefined;
}

/** DEPTBOT_LOG_FORMAT: `json` for JSON console lines (a log collector); readable lines otherwise. */
export function readLogFormat(env: NodeJS.ProcessEnv = process.env): LogFormat | undefined {
  const value = env.DEPTBOT_LOG_FORMAT?.trim();
  if (!value) return undefined;
  if (!LOG_FORMATS.includes(value as LogFormat)) {
    throw new ConfigError(`DEPTBOT_LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}, got "${value}"`);
  }
  return value as LogFormat;
}

export function readEnvOptions(env: NodeJS.ProcessEnv = process.env): EnvOptions {
  const apiUrl = required(env, 'MW_API_URL');
  if (!/^https?:\/\/\S+\/api\.php$/.test(apiUrl)) {
    throw new ConfigError(`MW_API_URL must be the full address of api.php, got "${apiUrl}"`);
  }
  const configName = readConfigName(env);
  const token = env.MW_OAUTH2_TOKEN?.trim();
  if (token) return { apiUrl, auth: { kind: 'oauth2', accessToken: token }, configName, secrets: [token] };
  const username = required(env, 'MW_USERNAME');
  if (!username.includes('@')) {
    throw new ConfigError(`MW_USERNAME must be a BotPassword name like "DeptBot@deptbot", got "${username}"`);
  }
  const password = required(env, 'MW_PASSWORD');
  return { apiUrl, auth: { kind: 'bot-password', username, password }, configName, secrets: [password] };
}
