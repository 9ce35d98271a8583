// What every task folder must look like (issue 12): index.ts with the task's metadata only,
// settings.ts exporting its settings schema, README.md headed by its name and naming each setting,
// settings defaults that agree with what config/default.yaml writes out, and ledger declarations
// (tables, record kinds, signals) in ledger.ts only. Used for the registry
// and for the fixture task in test/fixtures/tasks.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { z } from 'zod';
import type { Task } from '../../src/core/task';

/** Top-level statements of index.ts other than imports and the one exported task constant. */
function indexStatementsBeyondMetadata(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const extra: string[] = [];
  let exportedConstants = 0;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) continue;
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isVariableStatement(statement) && exported && statement.declarationList.declarations.length === 1) {
      exportedConstants++;
      continue;
    }
    extra.push(statement.getText().split('\n')[0]);
  }
  if (exportedConstants !== 1) extra.push(`${exportedConstants} exported constants (one, the task, expected)`);
  return extra;
}

function schemaKeys(schema: z.ZodType<unknown>): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** Where config/default.yaml states a plain value the schema also defaults, the two must agree. */
function defaultsDisagreeing(task: Task, configured: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const parsed = task.settingsSchema.safeParse(configured);
  if (!parsed.success) return [`the settings in config/default.yaml do not parse: ${parsed.error.issues[0]?.message}`];
  const defaults = task.settingsSchema.safeParse({});
  if (!defaults.success) return problems;
  for (const [key, value] of Object.entries(defaults.data as Record<string, unknown>)) {
    if (key in configured && isScalar(value) && isScalar(configured[key]) && configured[key] !== value) {
      problems.push(`settings.${key}: the schema defaults to ${JSON.stringify(value)}, config/default.yaml says ${JSON.stringify(configured[key])}`);
    }
  }
  return problems;
}

/** What only a task's ledger.ts may declare: tables, record kinds, signal kinds. */
const LEDGER_DECLARATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bCREATE\s+(TABLE|INDEX)\b/i, 'a ledger table'],
  [/\bdeclare module\b|\bRecordKind</, 'a ledger record kind'],
  [/\bsignalKind\(/, 'a signal kind'],
];

/** A task's ledger declarations are its ledger.ts's export, and no other file of its folder declares any. */
function ledgerDeclarationProblems(task: Task, folder: string): string[] {
  const problems: string[] = [];
  for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.ts') && name !== 'ledger.ts')) {
    const text = fs.readFileSync(path.join(folder, file), 'utf8');
    for (const [pattern, what] of LEDGER_DECLARATIONS) if (pattern.test(text)) problems.push(`${file} declares ${what} outside ledger.ts`);
  }
  const ledgerFile = path.join(folder, 'ledger.ts');
  if (!task.ledger) return fs.existsSync(ledgerFile) ? [...problems, 'ledger.ts exists but the task declares no ledger data'] : problems;
  if (!fs.existsSync(ledgerFile)) return [...problems, 'the task declares ledger data but has no ledger.ts'];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ledgerModule: Record<string, unknown> = require(ledgerFile);
  if (!Object.values(ledgerModule).includes(task.ledger)) problems.push("ledger.ts does not export the task's ledger declaration");
  return problems;
}

/** Everything wrong with a task's folder, in words; [] when it has the shape every task has. */
export function taskFolderProblems(task: Task, folder: string, configured?: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const file of ['index.ts', 'settings.ts', 'README.md']) {
    if (!fs.existsSync(path.join(folder, file))) problems.push(`${file} is missing`);
  }
  if (problems.length) return problems;
  problems.push(...indexStatementsBeyondMetadata(path.join(folder, 'index.ts')).map((s) => `index.ts holds more than metadata: ${s}`));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settingsModule: Record<string, unknown> = require(path.join(folder, 'settings.ts'));
  if (!Object.values(settingsModule).includes(task.settingsSchema)) problems.push('settings.ts does not export the task\'s settings schema');
  const readme = fs.readFileSync(path.join(folder, 'README.md'), 'utf8');
  if (readme.split('\n')[0] !== `# ${task.name}`) problems.push(`README.md does not start with "# ${task.name}"`);
  for (const key of schemaKeys(task.settingsSchema)) {
    if (!readme.includes(key)) problems.push(`README.md does not document the setting "${key}"`);
  }
  problems.push(...ledgerDeclarationProblems(task, folder));
  if (configured) problems.push(...defaultsDisagreeing(task, configured));
  return problems;
}
