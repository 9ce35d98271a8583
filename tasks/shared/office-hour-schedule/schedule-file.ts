// Reads config/office-hours.yaml (the deployed schedule). An invalid file is a ConfigError that
// names the file, the line and the entry, so the bot does not start with a schedule it cannot trust.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeIssues, readSource } from '../../../src/config/load-config';
import { ConfigError } from '../../../src/core/errors';
import { occurrenceChanges } from './occurrence-changes';
import { sessionSchema, type Session } from './session';

export interface ScheduleFile {
  sessions: readonly Session[];
  /**
   * exdate and overrides entries that cannot be applied (left out; the rest of their session
   * stands), one line each: "file:line: sessions[2].exdate[0]: … (entry "x"); skipped".
   */
  problems: readonly string[];
}

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

function parseScheduleFile(file: string): ScheduleFile {
  const source = readSource(file);
  const raw: unknown = source.data ?? {};
  const parsed = scheduleFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues
        .map((issue) => {
          const id = entryId(raw, issue.path);
          return `${describeIssues([source], [issue], [], scheduleFileSchema)}${id ? ` (entry "${id}")` : ''}`;
        })
        .join('\n'),
    );
  }
  const sessions = parsed.data.sessions;
  const problems = sessions.flatMap((session, index) =>
    occurrenceChanges(session).problems.map((problem) => {
      const issue: z.core.$ZodIssue = { code: 'custom', path: [index, ...problem.path], message: problem.message };
      return `${describeIssues([source], [issue], ['sessions'])} (entry "${session.id}"); skipped, the rest of the session is used`;
    }),
  );
  return { sessions, problems };
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
const readFiles = new Map<string, { version: string; schedule: ScheduleFile }>();

/**
 * The sessions in `file` and the problems with their exdate and overrides entries; throws
 * ConfigError ("file:line: sessions[2].timeZone (entry "x"): …") when the file is invalid.
 * The result is shared between callers: do not change it.
 */
export function readSchedule(file: string): ScheduleFile {
  const key = path.resolve(file);
  const version = versionOf(file);
  const known = readFiles.get(key);
  if (known && known.version === version) return known.schedule;
  const schedule = parseScheduleFile(file);
  if (version !== undefined) readFiles.set(key, { version, schedule });
  return schedule;
}

/** The sessions in `file` (see readSchedule). */
export function readScheduleFile(file: string): readonly Session[] {
  return readSchedule(file).sessions;
}
