// Reads config/default.yaml plus an optional overlay (config/<name>.yaml), validates everything,
// and says exactly what is wrong: the file, the line, the path inside it and what was expected.
import fs from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors';
import type { Task } from '../core/task';
import { yamlLibrary } from '../yaml-library';
import { didYouMean } from './nearest-name';
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
  const yaml = yamlLibrary();
  const lines = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: lines, prettyErrors: false });
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

/**
 * Where the value at `segments` is written: a mapping's key (the line a reader looks for, also when
 * the value is a block that starts on the next line), or a list's item.
 */
function nodeAt(doc: Document, segments: readonly PathSegment[]): { range?: [number, number, number] | null } | undefined {
  if (!segments.length) return undefined;
  const { isMap, isNode, isScalar, isSeq } = yamlLibrary();
  const parent = segments.length > 1 ? doc.getIn(segments.slice(0, -1), true) : doc.contents;
  const last = segments[segments.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === last);
    return pair && isNode(pair.key) ? pair.key : undefined;
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last];
    return isNode(item) ? item : undefined;
  }
  return undefined;
}

/** A file that cannot be read at all (missing, no permission): a setting naming it says which setting. */
export class UnreadableFileError extends ConfigError {}

export function readSource(file: string): SourceFile {
  const text = readTextFile(file, (message) => new UnreadableFileError(message));
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
      const node = nodeAt(located.doc, segments);
      return node?.range ? located.lines.linePos(node.range[0]).line : undefined;
    },
  };
}

/**
 * For a setting that names a file (`scheduleFile`), inside the settings schema's check: reads it, and
 * when it cannot be read at all, reports that as an issue on the setting, so the message names the
 * setting and the config file and line that set it. Mistakes inside the file keep naming its own lines.
 */
export function checkFileSetting(ctx: z.RefinementCtx, setting: string, file: string, read: (file: string) => unknown): void {
  try {
    read(file);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    const relative = path.isAbsolute(file) ? '' : `; a relative path is read from the working directory, ${process.cwd()}`;
    ctx.addIssue({ code: 'custom', path: [setting], message: `${error.message}${relative}` });
  }
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

/** Wrappers whose inner schema holds the keys: optional, nullable, default, prefault, readonly… */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

/** The setting names `schema` knows at `segments` (an object's keys), for a "did you mean". */
function knownKeysAt(schema: z.ZodType | undefined, segments: readonly PathSegment[]): string[] {
  let def = (schema as { _zod?: { def: any } } | undefined)?._zod?.def;
  for (let i = 0; def; ) {
    if (WRAPPERS.has(def.type)) def = def.innerType._zod.def;
    else if (def.type === 'pipe') def = def.in._zod.def;
    else if (i === segments.length) return def.type === 'object' ? Object.keys(def.shape) : [];
    else if (def.type === 'object') def = def.shape[segments[i++]]?._zod.def;
    else if (def.type === 'record') (i++, (def = def.valueType._zod.def));
    else if (def.type === 'array') (i++, (def = def.element._zod.def));
    else return [];
  }
  return [];
}

/** One "file:line: path: message" per issue; an unknown key is located at the key itself, with the nearest known name. */
export function describeIssues(
  sources: readonly SourceFile[],
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PathSegment[] = [],
  schema?: z.ZodType,
): string {
  return issues
    .flatMap((issue) => {
      const segments = [...prefix, ...(issue.path as PathSegment[])];
      if (issue.code !== 'unrecognized_keys') return [`${locate(sources, segments)}: ${formatPath(segments) || '(top level)'}: ${issue.message}`];
      const known = knownKeysAt(schema, issue.path as PathSegment[]);
      return issue.keys.map((key) => {
        const at = [...segments, key];
        return `${locate(sources, at)}: ${formatPath(at)}: unknown setting${didYouMean(key, known)}`;
      });
    })
    .join('\n');
}

/** Validates an already-merged config object against the framework schema and every task's schema. */
export function parseConfig(raw: unknown, tasks: readonly Task[], sources: readonly SourceFile[] = []): Config {
  const base = configSchema.safeParse(raw);
  if (!base.success) throw new ConfigError(describeIssues(sources, base.error.issues, [], configSchema));
  const known = new Map(tasks.map((task) => [task.name, task]));
  for (const name of Object.keys(base.data.tasks)) {
    if (!known.has(name)) {
      throw new ConfigError(
        `${locate(sources, ['tasks', name])}: tasks.${name}: unknown task "${name}"${didYouMean(name, known.keys())}; expected one of ${[...known.keys()].join(', ')}`,
      );
    }
  }
  const taskConfigs: Record<string, TaskConfig> = {};
  for (const task of tasks) {
    const entry = base.data.tasks[task.name] ?? { enabled: true, settings: {} };
    const settings = task.settingsSchema.safeParse(entry.settings);
    if (!settings.success) {
      throw new ConfigError(describeIssues(sources, settings.error.issues, ['tasks', task.name, 'settings'], task.settingsSchema));
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
