// winston: one set of log records, written as readable lines or as JSON lines (only when asked
// for: `--log-format json`), and always as JSON to the log file. Secrets are redacted from every
// line, whatever field or message they hide in. Stacks go to the log file; the console shows them
// only at level debug, so an expected failure reads as one sentence.
import fs from 'node:fs';
import path from 'node:path';
import winston from 'winston';

export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

export interface LoggerOptions {
  level: string;
  file: string | null;
  /** Readable lines (the default, terminal or not) or JSON lines (for a log collector). */
  pretty: boolean;
  /** Colour the level of readable lines (a terminal). */
  color?: boolean;
  /** Values that must never appear in any output: passwords, tokens. */
  secrets: readonly string[];
  /** Where console lines go; stderr by default so that stdout carries only command output. */
  stream?: NodeJS.WritableStream;
}

/**
 * Metadata of a record meant for the log file only: the CLI prints the same failure as one sentence
 * on stderr, so the console would only repeat it. `log.error('command failed', { ...FILE_ONLY, stack })`.
 */
export const FILE_ONLY = { fileOnly: true } as const;

/** Replaces every secret (of 4 characters or more) in `text`; also used for the CLI's own messages. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

function redactor(secrets: readonly string[]) {
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') return redactSecrets(value, secrets);
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]));
    }
    return value;
  };
  return winston.format((info) => {
    for (const key of Reflect.ownKeys(info)) {
      if (typeof key === 'string') (info as any)[key] = scrub((info as any)[key]);
    }
    const message = (info as any)[Symbol.for('message')];
    if (typeof message === 'string') (info as any)[Symbol.for('message')] = scrub(message);
    return info;
  })();
}

/** Drops file-only records and, unless `keepStacks`, stack fields: what a person at the console reads. */
const forConsole = winston.format((info, opts) => {
  if ((info as any).fileOnly) return false;
  if ((opts as { keepStacks?: boolean } | undefined)?.keepStacks) return info;
  const { stack: _stack, ...rest } = info as Record<string | symbol, unknown>;
  return rest as winston.Logform.TransformableInfo;
});

/** The file keeps every record; the marker itself says nothing to a reader. */
const withoutMarker = winston.format((info) => {
  delete (info as any).fileOnly;
  return info;
});

const textLine = winston.format.printf((info) => {
  const { level, message, timestamp, runId, task, ...rest } = info as Record<string, unknown>;
  const where = [task, runId !== undefined ? `run ${runId}` : undefined].filter(Boolean).join(' ');
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  return `${timestamp} ${level}${where ? ` [${where}]` : ''} ${message}${extra}`;
});

function consoleFormat(options: LoggerOptions): winston.Logform.Format {
  const shown = forConsole({ keepStacks: options.level === 'debug' });
  if (!options.pretty) return winston.format.combine(shown, winston.format.json());
  return options.color ? winston.format.combine(shown, winston.format.colorize(), textLine) : winston.format.combine(shown, textLine);
}

type LevelMethod = (this: winston.Logger, ...args: unknown[]) => winston.Logger;

/**
 * winston builds every record (timestamp, stack, secret redaction) before its transports drop those
 * below their level, and a plan logs a line or two per page at `info`: a record at a level that is
 * off is dropped before it is built. Child loggers inherit the check; a later change of level counts.
 */
function dropRecordsBelowLevel(logger: winston.Logger): winston.Logger {
  const methods = logger as unknown as Record<string, LevelMethod>;
  for (const level of Object.keys(logger.levels)) {
    const write = methods[level];
    methods[level] = function (this: winston.Logger, ...args: unknown[]) {
      return this.isLevelEnabled(level) ? write.apply(this, args) : this;
    };
  }
  return logger;
}

export function createLogger(options: LoggerOptions): winston.Logger {
  const redact = redactor(options.secrets);
  const transports: winston.transport[] = [
    new winston.transports.Stream({ stream: options.stream ?? process.stderr, format: consoleFormat(options) }),
  ];
  if (options.file) {
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    transports.push(
      new winston.transports.File({ filename: options.file, format: winston.format.combine(withoutMarker(), winston.format.json()) }),
    );
  }
  return dropRecordsBelowLevel(
    winston.createLogger({
      level: options.level,
      format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), redact),
      transports,
    }),
  );
}
