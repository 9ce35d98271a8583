// The composition root of the `deptbot` command: loads .env, then hands the process's environment,
// streams, signals and the task registry to the CLI. Nothing here runs at import time.
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { registeredTasks } from '../tasks';
import type { CliDeps } from './cli/cli-deps';
import { runCli } from './cli/run-cli';

/** The checkout (the folder with package.json): config/ is found there whether run from src or dist. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}

function ignoreBrokenPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
}

/** `overrides` lets a test run the real entry point with its own task list. */
export async function main(argv: readonly string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  // .env from the working directory; variables already set in the environment win.
  dotenv.config({ quiet: true });
  // `deptbot status | head`: a reader that goes away must not crash a run that is saving pages.
  // Added once per process, however often main runs (in-process tests).
  for (const stream of [process.stdout, process.stderr]) {
    if (!stream.listeners('error').includes(ignoreBrokenPipe)) stream.on('error', ignoreBrokenPipe);
  }
  const parent = process.ppid;
  return runCli(argv, {
    tasks: registeredTasks,
    env: process.env,
    configDir: path.join(packageRoot(__dirname), 'config'),
    stdout: process.stdout,
    stderr: process.stderr,
    signals: process,
    clock: () => new Date(),
    forceExit: () => process.exit(130),
    parentExited: () => process.ppid !== parent,
    ...overrides,
  });
}
