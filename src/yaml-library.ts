// `yaml` (0.9 MB of heap and 35 ms to load, 72 files): its document model knows where each value is
// written, for messages that name a line, and it writes YAML (the status page, Toolforge's jobs.yaml).
// Config and schedule files are read with js-yaml, so a process loads `yaml` only when one of those
// is needed: a config or schedule error, a status page update, `deptbot toolforge-jobs`.
export function yamlLibrary(): typeof import('yaml') {
  return require('yaml') as typeof import('yaml');
}
