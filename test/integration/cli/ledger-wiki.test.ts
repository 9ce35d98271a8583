// A ledger is bound to the wiki it describes (issue 17): the first command that connects records
// the wiki's API URL and siteinfo wiki id; another wiki, or the same wiki reset since (its revision
// ids reused), is refused with a message saying what to do, never misread.
import type { WikiClient } from '../../../src/wiki/client';
import { connectAs, humanEdit, readCredentials, uniquePrefix } from '../../support/local-wiki';
import { runInProcess, withLedger, writeCliSetup, type CliSetup } from './helpers/cli-harness';

let editor: WikiClient;

beforeAll(async () => {
  editor = await connectAs('editor');
});

async function savedOnce(name: string): Promise<CliSetup> {
  const prefix = uniquePrefix(name);
  const page = `${prefix}Page`;
  await humanEdit(editor, page, 'Text.');
  const setup = writeCliSetup({ prefix, tasks: { 'test-append': { settings: { pages: [page], line: 'Bound' } } } });
  const first = await runInProcess(['run', 'test-append'], setup);
  expect(first.code).toBe(0);
  return setup;
}

it('records the wiki the ledger describes, and goes on using a ledger of this wiki', async () => {
  const setup = await savedOnce('ledger-bound');

  expect(withLedger(setup, (ledger) => ledger.wikiIdentity())).toMatchObject({ apiUrl: readCredentials().apiUrl, wikiId: expect.stringMatching(/\S/) });
  const again = await runInProcess(['plan', 'test-append'], setup);
  expect(again.code).toBe(0);
});

it('refuses a ledger of another wiki, naming both', async () => {
  const setup = await savedOnce('ledger-other');
  withLedger(setup, (ledger) => ledger.recordWikiIdentity({ apiUrl: 'https://meta.wikimedia.org/w/api.php', wikiId: 'metawiki' }, new Date()));

  const result = await runInProcess(['plan', 'test-append'], setup);

  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`The ledger ${setup.ledgerPath} describes the wiki "metawiki" at https://meta.wikimedia.org/w/api.php, not "`);
  expect(result.stderr).toContain(`at ${readCredentials().apiUrl}; use another ledger.path for this wiki, or move ${setup.ledgerPath} away`);
});

it('refuses a ledger whose latest edits the wiki no longer has (a reset or rebuilt wiki)', async () => {
  const setup = await savedOnce('ledger-reset');
  // What a reset leaves: the ledger remembers saves the wiki has lost (revision ids beyond the wiki's).
  withLedger(setup, (ledger) => {
    const runId = ledger.startRun('test-append', 'cli', false, new Date());
    for (const revision of [90_000_001, 90_000_002, 90_000_003]) {
      ledger.recordEdit({ runId, task: 'test-append', page: `${setup.prefix}Gone`, kind: 'edit', oldRevId: null, newRevId: revision, summary: 's', madeAt: new Date().toISOString() }, []);
    }
  });

  const result = await runInProcess(['run', 'test-append'], setup);

  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/its latest edits \(revision 90000003 of ".*Gone", saved .*\) are not there, so the wiki was rebuilt or reset since/);
});
