// winston: readable lines on a terminal, JSON lines otherwise, and a JSON log file. Secrets are
// redacted from every line, whatever field or message they hide in.
import fs from 'node:fs';
import path from 'node:path';
import winston from 'winston';

export interface LoggerOptions {
  level: string;
  file: string | null;
  /** Human-readable console lines (a terminal) or JSON lines (a pipe, a job runner). */
  pretty: boolean;
  /** Values that must never appear in any output: passwords, tokens. */
  secrets: readonly string[];
  /** Where console lines go; stderr by default so that stdout carries only command output. */
  stream?: NodeJS.WritableStream;
}

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

const prettyLine = winston.format.printf((info) => {
  const { level, message, timestamp, runId, task, ...rest } = info as Record<string, unknown>;
  const where = [task, runId !== undefined ? `run ${runId}` : undefined].filter(Boolean).join(' ');
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  return `${timestamp} ${level}${where ? ` [${where}]` : ''} ${message}${extra}`;
});

export function createLogger(options: LoggerOptions): winston.Logger {
  const redact = redactor(options.secrets);
  const transports: winston.transport[] = [
    new winston.transports.Stream({
      stream: options.stream ?? process.stderr,
      format: options.pretty
        ? winston.format.combine(winston.format.colorize(), prettyLine)
        : winston.format.json(),
    }),
  ];
  if (options.file) {
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    transports.push(new winston.transports.File({ filename: options.file, format: winston.format.json() }));
  }
  return winston.createLogger({
    level: options.level,
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), redact),
    transports,
  });
}
