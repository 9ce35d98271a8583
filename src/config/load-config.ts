// Reads config/default.yaml plus an optional overlay (config/<name>.yaml), validates everything,
// and says exactly what is wrong: the file, the line, the path inside it and what was expected.
import fs from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors';
import type { Task } from '../core/task';
import { configSchema, type Config, type TaskConfig } from './schema';

/**
 * A YAML file read for validation: its data, and where each path in it starts, for messages.
 * The data comes from js-yaml (a 10,000-session schedule: 0.3 s and 112 MB peak in a bare process,
 * where `yaml`'s document model took 1.9 s and 188 MB); `yaml`'s document, which knows lines, is
 * built only when a message needs one.
 */
export interface SourceFile {
  file: string;
  data: unknown;
  /** The line on which the value at `segments` starts, if the file sets it. */
  lineOf(segments: readonly PathSegment[]): number | undefined;
}

type PathSegment = string | number;

export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment),
    '',
  );
}

/** The config files to read: default.yaml, then <name>.yaml when a name is given. */
export function configFiles(dir: string, name?: string): string[] {
  const files = [path.join(dir, 'default.yaml')];
  if (name && name !== 'default') files.push(path.join(dir, `${name}.yaml`));
  return files;
}

/** `yaml`'s document of the text, which knows lines; a syntax error becomes a ConfigError naming line and column. */
function yamlDocument(file: string, text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const problem = doc.errors[0];
  if (problem) {
    const { line, col } = lines.linePos(problem.pos[0]);
    throw new ConfigError(`${file}:${line}:${col}: not valid YAML: ${problem.message.split('\n')[0]}`);
  }
  return { doc, lines };
}

/** The file's data: js-yaml's reading, or (when js-yaml refuses it, e.g. an empty file) `yaml`'s, which explains any error. */
function readData(file: string, text: string): unknown {
  try {
    // The YAML 1.2 core schema, as `yaml` uses by default: "2026-01-08" stays a string, "yes" is not a boolean.
    return loadYaml(text, { schema: CORE_SCHEMA });
  } catch {
    return yamlDocument(file, text).doc.toJS();
  }
}

/** The file's text; when it cannot be read, the error `fail` makes of "<file>: cannot be read (<code>)". */
export function readTextFile(file: string, fail: (message: string) => Error): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw fail(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function readSource(file: string): SourceFile {
  const text = readTextFile(file, (message) => new ConfigError(message));
  const data = readData(file, text) ?? null;
  if (data !== null && !isPlainObject(data)) {
    throw new ConfigError(`${file}: expected a mapping of settings at the top level`);
  }
  let located: ReturnType<typeof yamlDocument> | undefined;
  return {
    file,
    data,
    lineOf(segments) {
      located ??= yamlDocument(file, text);
      const node = located.doc.getIn(segments, true) as { range?: [number, number] } | undefined;
      return node?.range ? located.lines.linePos(node.range[0]).line : undefined;
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Overlay values replace the base's; mappings merge key by key, lists are replaced whole. */
function deepMerge(base: unknown, overlay: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overlay)) return overlay === undefined ? base : overlay;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) merged[key] = deepMerge(base[key], value);
  return merged;
}

/** "file:line: path: message" for the last file that sets the path (or the first, if none does). */
function locate(sources: readonly SourceFile[], segments: readonly PathSegment[]): string {
  for (let depth = segments.length; depth >= 0; depth--) {
    const prefix = segments.slice(0, depth);
    for (const source of [...sources].reverse()) {
      const line = prefix.length ? source.lineOf(prefix) : undefined;
      if (line !== undefined) return `${source.file}:${line}`;
    }
  }
  return sources[0]?.file ?? 'config';
}

export function describeIssues(
  sources: readonly SourceFile[],
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PathSegment[] = [],
): string {
  return issues
    .map((issue) => {
      const segments = [...prefix, ...(issue.path as PathSegment[])];
      return `${locate(sources, segments)}: ${formatPath(segments) || '(top level)'}: ${issue.message}`;
    })
    .join('\n');
}

/** Validates an already-merged config object against the framework schema and every task's schema. */
export function parseConfig(raw: unknown, tasks: readonly Task[], sources: readonly SourceFile[] = []): Config {
  const base = configSchema.safeParse(raw);
  if (!base.success) throw new ConfigError(describeIssues(sources, base.error.issues));
  const known = new Map(tasks.map((task) => [task.name, task]));
  for (const name of Object.keys(base.data.tasks)) {
    if (!known.has(name)) {
      throw new ConfigError(
        `${locate(sources, ['tasks', name])}: tasks.${name}: unknown task "${name}"; expected one of ${[...known.keys()].join(', ')}`,
      );
    }
  }
  const taskConfigs: Record<string, TaskConfig> = {};
  for (const task of tasks) {
    const entry = base.data.tasks[task.name] ?? { enabled: true, settings: {} };
    const settings = task.settingsSchema.safeParse(entry.settings);
    if (!settings.success) {
      throw new ConfigError(describeIssues(sources, settings.error.issues, ['tasks', task.name, 'settings']));
    }
    taskConfigs[task.name] = {
      enabled: entry.enabled,
      schedule: entry.schedule ?? task.defaultSchedule,
      settings: settings.data,
    };
  }
  return { ...base.data, tasks: taskConfigs, sources: sources.map((s) => s.file) };
}

export function loadConfig(files: readonly string[], tasks: readonly Task[]): Config {
  const sources = files.map(readSource);
  const merged = sources.reduce<unknown>((acc, source) => deepMerge(acc, source.data ?? {}), {});
  return parseConfig(merged, tasks, sources);
}
