// Reads config/office-hours.yaml (the deployed schedule). An invalid file is a ConfigError that
// names the file, the line and the entry, so the bot does not start with a schedule it cannot trust.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeIssues, readSource } from '../../../src/config/load-config';
import { ConfigError } from '../../../src/core/errors';
import { sessionSchema, type Session } from './session';

const scheduleFileSchema = z
  .object({ sessions: z.array(sessionSchema).default([]) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.sessions.forEach((session, index) => {
      if (seen.has(session.id)) {
        ctx.addIssue({ code: 'custom', path: ['sessions', index, 'id'], message: `id "${session.id}" is used by an earlier session` });
      }
      seen.add(session.id);
    });
  });

/** The id of the entry an issue is about, when the entry has one, to name it in the message. */
function entryId(raw: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'sessions' || typeof path[1] !== 'number') return undefined;
  const sessions = (raw as { sessions?: unknown } | null)?.sessions;
  const entry = Array.isArray(sessions) ? (sessions[path[1]] as { id?: unknown } | undefined) : undefined;
  return typeof entry?.id === 'string' ? entry.id : undefined;
}

function parseScheduleFile(file: string): Session[] {
  const source = readSource(file);
  const raw: unknown = source.data ?? {};
  const parsed = scheduleFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data.sessions;
  throw new ConfigError(
    parsed.error.issues
      .map((issue) => {
        const id = entryId(raw, issue.path);
        return `${describeIssues([source], [issue])}${id ? ` (entry "${id}")` : ''}`;
      })
      .join('\n'),
  );
}

/** Identifies one version of a file: a save or a replacement changes at least one of these. */
function versionOf(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined; // parseScheduleFile reports why the file cannot be read
  }
}

/**
 * Valid files already read, by absolute path. Parsing a 10,000-session file took 1.8 s of CPU and
 * was done by the config check, each office-hours run and each talk-reminders run: an unchanged
 * file is now parsed once per process. Invalid files are not kept, so they fail every time.
 */
const readFiles = new Map<string, { version: string; sessions: readonly Session[] }>();

/**
 * The sessions in `file`; throws ConfigError ("file:line: sessions[2].timeZone (entry "x"): …").
 * The result is shared between callers: do not change it.
 */
export function readScheduleFile(file: string): readonly Session[] {
  const key = path.resolve(file);
  const version = versionOf(file);
  const known = readFiles.get(key);
  if (known && known.version === version) return known.sessions;
  const sessions = parseScheduleFile(file);
  if (version !== undefined) readFiles.set(key, { version, sessions });
  return sessions;
}
