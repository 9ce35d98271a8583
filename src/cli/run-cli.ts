// The `deptbot` command line (commander): parses arguments, runs one command and turns its result or
// error into an exit code: 0 done, 1 a task failed, 2 bad usage or config, 3 shutoff active,
// 4 the wiki could not be reached.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { errorMessage } from '../core/errors';
import { readEnvOptions, readLogFormat } from '../env';
import { LOG_FORMATS, redactSecrets, type LogFormat } from '../log/logger';
import type { CliDeps } from './cli-deps';
import { applyCommand } from './commands/apply';
import { copyLedgerCommand, type CopyLedgerOptions } from './commands/copy-ledger';
import { listCommand } from './commands/list';
import { planCommand, type PlanOptions } from './commands/plan';
import { runCommand, type RunOptions } from './commands/run';
import { startCommand } from './commands/start';
import { statusCommand, type StatusOptions } from './commands/status';
import { toolforgeJobsCommand } from './commands/toolforge-jobs';
import { validateCommand } from './commands/validate';
import { EXIT_USAGE, exitCodeForError } from './exit-codes';

const EXIT_CODES_HELP = `
Exit codes: 0 done, 1 a task failed (or could not run), 2 bad usage or config, 3 shutoff active,
4 the wiki could not be reached (try again later).
Environment (.env): MW_API_URL, MW_USERNAME + MW_PASSWORD (BotPassword) or MW_OAUTH2_TOKEN,
DEPTBOT_CONFIG (overlay config/<name>.yaml), DEPTBOT_LOG_FORMAT (text or json). See .env.example and README.md ("Operating deptbot").`;

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

/** Secrets to scrub from the one line printed on failure, when the environment has them. */
function knownSecrets(env: NodeJS.ProcessEnv): string[] {
  try {
    return readEnvOptions(env).secrets;
  } catch {
    return [];
  }
}

/** The program with its global options (before or after the command) and output through `deps`. */
function globalProgram(deps: CliDeps): Command {
  return new Command('deptbot')
    .description('Keeps the Wikimedia Foundation department pages on Meta-Wiki current.')
    .option('--config-dir <dir>', 'folder holding default.yaml and its overlays', deps.configDir)
    .addOption(
      new Option('--log-format <format>', 'console log lines: readable text, or JSON for a log collector (default: DEPTBOT_LOG_FORMAT, else text)').choices(
        LOG_FORMATS,
      ),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      writeErr: (text) => deps.stderr.write(text),
    })
    .showHelpAfterError('(run "deptbot --help" for usage)')
    .addHelpText('after', EXIT_CODES_HELP);
}

/**
 * What a command runs with: `deps` with the global options given. With JSON log lines stdout carries
 * only those (one object per line, for a log collector) and the command's report moves to stderr.
 */
function withGlobals(deps: CliDeps, command: Command): CliDeps {
  const globals = command.optsWithGlobals<{ configDir: string; logFormat?: LogFormat }>();
  const withOptions = { ...deps, configDir: globals.configDir, logFormat: globals.logFormat ?? deps.logFormat };
  return logFormatAsked(withOptions) === 'json' ? { ...withOptions, stdout: deps.stderr, logOut: deps.stdout } : withOptions;
}

/** The log format asked for; a bad DEPTBOT_LOG_FORMAT counts as none here: the session reports it (exit 2). */
function logFormatAsked(deps: CliDeps): LogFormat | undefined {
  try {
    return deps.logFormat ?? readLogFormat(deps.env);
  } catch {
    return undefined;
  }
}

function buildProgram(deps: CliDeps, done: (code: number) => void): Command {
  const program = globalProgram(deps);
  const withConfigDir = (command: Command): CliDeps => withGlobals(deps, command);
  const allOption = ['--all', 'every enabled task'] as const;
  const pageOption = ['--page <title>', 'only this page'] as const;

  program
    .command('list')
    .description('registered tasks, their schedules (UTC) and next run times')
    .action((_options, command: Command) => done(listCommand(withConfigDir(command))));
  program
    .command('plan')
    .description('show what tasks would change (coloured diffs and summaries); writes nothing')
    .argument('[tasks...]', 'task names (see "deptbot list")')
    .option(...allOption)
    .option(...pageOption)
    .option('--json <file>', 'also save the plan to this file, for "deptbot apply"')
    .action(async (tasks: string[], options: PlanOptions, command: Command) => done(await planCommand(withConfigDir(command), tasks, options)));
  program
    .command('run')
    .description('plan and apply tasks now, then update the status page')
    .argument('[tasks...]', 'task names (see "deptbot list")')
    .option(...allOption)
    .option(...pageOption)
    .action(async (tasks: string[], options: RunOptions, command: Command) => done(await runCommand(withConfigDir(command), tasks, options)));
  program
    .command('apply')
    .description('apply a plan saved by "deptbot plan --json", refusing pages changed since')
    .argument('<plan.json>', 'the reviewed plan')
    .action(async (file: string, _options, command: Command) => done(await applyCommand(withConfigDir(command), file)));
  program
    .command('start')
    .description('run the scheduler daemon (stops cleanly on SIGTERM or Ctrl-C)')
    .action(async (_options, command: Command) => done(await startCommand(withConfigDir(command))));
  program
    .command('status')
    .description('recent runs, edits and errors from the ledger')
    .option('--limit <n>', 'how many recent runs and edits', positiveInteger, 10)
    .option('--task <name>', 'only this task')
    .option('--json', 'as JSON')
    .action(async (options: StatusOptions, command: Command) => done(await statusCommand(withConfigDir(command), options)));
  program
    .command('validate')
    .description('check .env, the config files, the login and the on-wiki config; touches nothing')
    .action(async (_options, command: Command) => done(await validateCommand(withConfigDir(command))));
  program
    .command('copy-ledger')
    .description('copy the ledger to another database (SQLite file or mysql:// URL) and compare every row')
    .option('--from <ledger>', 'the ledger to copy (default: the configured one)')
    .option('--to <ledger>', 'the empty ledger to fill (default: the configured one)')
    .action((options: CopyLedgerOptions, command: Command) => done(copyLedgerCommand(withConfigDir(command), options)));
  program
    .command('toolforge-jobs')
    .description('print the Toolforge jobs.yaml for the registered tasks')
    .option('--write <file>', 'write it to this file instead')
    .action((options: { write?: string }, command: Command) => done(toolforgeJobsCommand(withConfigDir(command), options)));
  return program;
}

/** Runs one `deptbot` command; `argv` is process.argv-shaped (node, script, arguments…). */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  let code = EXIT_USAGE;
  const program = buildProgram(deps, (result) => {
    code = result;
  });
  try {
    await program.parseAsync([...argv], { from: 'node' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with code 0; every parsing error is bad usage.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    deps.stderr.write(`deptbot: ${redactSecrets(errorMessage(error), knownSecrets(deps.env))}\n`);
    return exitCodeForError(error);
  }
}
