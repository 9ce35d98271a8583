// `deptbot copy-ledger`: moves a ledger to another database, e.g. the SQLite file of one machine to
// ToolsDB when the bot moves to Toolforge (and back), verified row by row. Either end defaults to
// the configured ledger (ledger.path, ledger.url or ledger.mycnf); the target must be empty.
import fs from 'node:fs';
import { UsageError } from '../../core/errors';
import { taskLedgersOf } from '../../core/task';
import { copyLedger } from '../../ledger/copy-ledger';
import { placeOfLedger } from '../../ledger/describe-ledger';
import { Ledger } from '../../ledger/ledger';
import { ledgerLocation, settingsOfArgument, type LedgerSettings } from '../../ledger/ledger-location';
import type { CliDeps } from '../cli-deps';
import { EXIT_OK } from '../exit-codes';
import { loadCliConfig } from '../session';

export interface CopyLedgerOptions {
  /** A SQLite file or a mysql:// URL; the configured ledger when omitted. */
  from?: string;
  to?: string;
}

/** Opens a ledger: the source must exist (opening a SQLite file that is not there would make an empty one). */
function openEnd(settings: LedgerSettings, deps: CliDeps, mustExist: boolean): Ledger {
  const location = ledgerLocation(settings, process.cwd());
  if (mustExist && location.kind === 'sqlite' && !fs.existsSync(location.file)) throw new UsageError(`copy-ledger: no ledger at ${location.file}`);
  return Ledger.open(settings, taskLedgersOf(deps.tasks));
}

export function copyLedgerCommand(deps: CliDeps, options: CopyLedgerOptions): number {
  if (options.from === undefined && options.to === undefined) throw new UsageError('copy-ledger: give --from, --to or both (the other end is the configured ledger)');
  const configured = () => loadCliConfig(deps).ledger;
  const source = openEnd(options.from === undefined ? configured() : settingsOfArgument(options.from), deps, true);
  try {
    const target = openEnd(options.to === undefined ? configured() : settingsOfArgument(options.to), deps, false);
    try {
      const say = (line: string) => deps.stdout.write(`${line}\n`);
      say(`from ${placeOfLedger(source)}`);
      say(`to   ${placeOfLedger(target)}`);
      const tables = copyLedger(source, target);
      for (const t of tables) say(`  ${t.table}: ${t.rows} row(s) copied, ${t.verified} verified`);
      const rows = tables.reduce((sum, t) => sum + t.rows, 0);
      say(`copied ${rows} row(s) in ${tables.length} table(s); every row read back and compared`);
      return EXIT_OK;
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
}
