// Which database the ledger is in, from the config's `ledger` settings: `ledger.path` (a SQLite file,
// the default), `ledger.url` (mysql://user:password@host:port/database) or `ledger.mycnf` (a MySQL
// option file such as Toolforge's $HOME/replica.my.cnf) with `ledger.database`. Either MariaDB
// setting wins over `ledger.path`, so that an overlay config can move a ledger to a server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../core/errors';
import type { LedgerBackend } from './backend/backend';
import type { MariaDbTarget } from './backend/mariadb-backend';

export interface LedgerSettings {
  path?: string;
  url?: string;
  mycnf?: string;
  database?: string;
}

export type LedgerLocation = { kind: 'sqlite'; file: string } | { kind: 'mariadb'; target: MariaDbTarget };

/** ToolsDB, where a Toolforge tool's replica.my.cnf (which names no host) logs in. */
export const TOOLSDB_HOST = 'tools.db.svc.wikimedia.cloud';
const MARIADB_PORT = 3306;

/** The [client] section of a MySQL option file (`key = value` lines; quotes around a value dropped). */
export function readMyCnf(file: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`ledger.mycnf: cannot read ${file} (${(error as Error).message})`);
  }
  const values: Record<string, string> = {};
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) section = header[1].trim().toLowerCase();
    const pair = /^\s*([\w-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (pair && (section === 'client' || section === 'mysql')) values[pair[1].toLowerCase()] = pair[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

function targetFromMyCnf(settings: LedgerSettings, configDir: string): MariaDbTarget {
  const file = path.resolve(configDir, (settings.mycnf ?? '').replace(/^~(?=\/)/, os.homedir()));
  const cnf = readMyCnf(file);
  if (!cnf.user) throw new ConfigError(`ledger.mycnf: ${file} has no "user" in its [client] section`);
  return {
    host: cnf.host ?? TOOLSDB_HOST,
    port: Number(cnf.port ?? MARIADB_PORT),
    socketPath: cnf.socket,
    user: cnf.user,
    password: cnf.password ?? '',
    database: settings.database ?? `${cnf.user}__deptbot`,
    setting: `ledger.mycnf (${file})`,
  };
}

function targetFromUrl(url: string): MariaDbTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('ledger.url: not a URL; expected mysql://user:password@host:port/database');
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!/^(mysql|mariadb):$/.test(parsed.protocol) || !parsed.username || !database) {
    throw new ConfigError('ledger.url: expected mysql://user:password@host:port/database (a user and a database are needed)');
  }
  return {
    host: parsed.hostname || 'localhost',
    port: Number(parsed.port || MARIADB_PORT),
    socketPath: parsed.searchParams.get('socket') ?? undefined,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
    setting: 'ledger.url',
  };
}

/** Where the settings put the ledger; relative paths are taken from `baseDir` (where the bot runs). */
export function ledgerLocation(settings: LedgerSettings, baseDir: string): LedgerLocation {
  if (settings.url !== undefined && settings.mycnf !== undefined) throw new ConfigError('ledger: give ledger.url or ledger.mycnf, not both');
  if (settings.url !== undefined) return { kind: 'mariadb', target: targetFromUrl(settings.url) };
  if (settings.mycnf !== undefined) return { kind: 'mariadb', target: targetFromMyCnf(settings, baseDir) };
  if (settings.database !== undefined) throw new ConfigError('ledger.database: only with ledger.mycnf (ledger.url names its database itself)');
  if (settings.path === undefined) throw new ConfigError('ledger: give ledger.path (SQLite), ledger.url or ledger.mycnf (MariaDB)');
  return { kind: 'sqlite', file: settings.path === ':memory:' ? ':memory:' : path.resolve(baseDir, settings.path) };
}

/**
 * Opens the database of `location` (the ledger's tables are not touched: Ledger.open migrates). Only
 * the chosen backend's module is loaded: the other's driver (better-sqlite3, or the MariaDB worker's
 * synckit) costs a few MB of RSS for nothing.
 */
export function openBackend(location: LedgerLocation): LedgerBackend {
  if (location.kind === 'sqlite') {
    const { SqliteBackend } = require('./backend/sqlite-backend') as typeof import('./backend/sqlite-backend');
    return new SqliteBackend(location.file);
  }
  const { MariaDbBackend } = require('./backend/mariadb-backend') as typeof import('./backend/mariadb-backend');
  return new MariaDbBackend(location.target);
}

/** A ledger given on the command line: a mysql:// URL, or a SQLite file. */
export function settingsOfArgument(argument: string): LedgerSettings {
  return /^(mysql|mariadb):\/\//.test(argument) ? { url: argument } : { path: argument };
}
