// A known password in .env never appears in stdout, stderr, the log file or any ledger row: neither
// on a successful run at debug level nor when the wiki rejects it. Runs the real entry point
// (dotenv reads .env from the working directory) as a child process.
import fs from 'node:fs';
import path from 'node:path';
import type { WikiClient } from '../../../src/wiki/client';
import { connectAs, humanEdit, readCredentials, uniquePrefix } from '../../support/local-wiki';
import { spawnTestCli, writeCliSetup, type CliResult, type CliSetup } from './helpers/cli-harness';

let editor: WikiClient;

beforeAll(async () => {
  editor = await connectAs('editor');
});

function writeDotEnv(setup: CliSetup, password: string): void {
  const credentials = readCredentials();
  fs.writeFileSync(
    path.join(setup.dir, '.env'),
    [`MW_API_URL=${credentials.apiUrl}`, `MW_USERNAME=${credentials.bot.username}`, `MW_PASSWORD=${password}`, ''].join('\n'),
  );
}

/** Every place the password could leak to: the command's output, the log file, the ledger (and its WAL). */
function leaks(setup: CliSetup, result: CliResult, password: string): string[] {
  const files = [setup.logPath, setup.ledgerPath, `${setup.ledgerPath}-wal`].filter((file) => fs.existsSync(file));
  return [
    ...(result.stdout.includes(password) ? ['stdout'] : []),
    ...(result.stderr.includes(password) ? ['stderr'] : []),
    ...files.filter((file) => fs.readFileSync(file).includes(Buffer.from(password))),
  ];
}

it('a successful run at debug level writes the password nowhere', async () => {
  const prefix = uniquePrefix('cli-secrets');
  const page = `${prefix}Page`;
  await humanEdit(editor, page, 'Text.');
  const setup = writeCliSetup({ prefix, logLevel: 'debug', tasks: { 'test-append': { settings: { pages: [page], line: 'Secret-free' } } } });
  const password = readCredentials().bot.password;
  writeDotEnv(setup, password);

  const result = await spawnTestCli(['--config-dir', setup.configDir, 'run', 'test-append'], { cwd: setup.dir, env: {} }).done;

  expect(result.code).toBe(0);
  expect(fs.readFileSync(setup.logPath, 'utf8')).toContain('"message":"run finished"');
  expect(leaks(setup, result, password)).toEqual([]);
});

it('a rejected password is not repeated in the error, the log or the ledger', async () => {
  const prefix = uniquePrefix('cli-secrets-bad');
  const setup = writeCliSetup({ prefix, logLevel: 'debug', tasks: { 'test-append': { settings: { pages: [] } } } });
  const password = `Known-wrong-${Date.now().toString(36)}-password`;
  writeDotEnv(setup, password);

  const result = await spawnTestCli(['--config-dir', setup.configDir, 'run', 'test-append'], { cwd: setup.dir, env: {} }).done;

  expect(result.code).toBe(2);
  expect(result.stderr).toContain('Could not log in to');
  expect(fs.existsSync(setup.logPath)).toBe(true);
  expect(leaks(setup, result, password)).toEqual([]);
});
