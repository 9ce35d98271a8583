// Runs the bot as a child process (test/reliability/run-task-child.ts) behind the fault proxy, so
// that the proxy can kill it with SIGKILL at a chosen request, before or after the wiki saw it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startFaultProxy, type FaultRule, type ProxiedRequest } from '../support/fault-proxy';
import { readCredentials, repoRoot, tempFile } from '../support/local-wiki';
import type { ChildRunResult, ChildRunSpec } from './run-task-child';

export interface ChildRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The run's own account, when it ended normally. */
  result?: ChildRunResult;
  requests: readonly ProxiedRequest[];
  stderr: string;
}

/** A child that has not ended by then is killed and reported (a hang is a failure too). */
const CHILD_TIMEOUT_MS = 60_000;

export async function runChild(
  runner: string,
  spec: ChildRunSpec,
  options: { target: string; seed: number; rules?: readonly FaultRule[] },
): Promise<ChildRun> {
  const specFile = tempFile('child-run.json');
  fs.writeFileSync(specFile, JSON.stringify(spec));
  let child: ChildProcess | undefined;
  const proxy = await startFaultProxy({
    target: options.target,
    seed: options.seed,
    rules: options.rules ?? [],
    kill: () => child?.kill('SIGKILL'),
  });
  try {
    const { bot } = readCredentials();
    child = spawn(process.execPath, [runner, specFile], {
      env: {
        PATH: process.env.PATH,
        // The transpiled files live outside the checkout: bare imports resolve from its node_modules.
        NODE_PATH: path.join(repoRoot, 'node_modules'),
        MW_API_URL: proxy.apiUrl,
        MW_USERNAME: bot.username,
        MW_PASSWORD: bot.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running = child;
    let stdout = '';
    let stderr = '';
    running.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    running.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      stderr += `\nchild-process: no end after ${CHILD_TIMEOUT_MS} ms; killed`;
      running.kill('SIGKILL');
    }, CHILD_TIMEOUT_MS);
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      running.on('close', (code, sig) => resolve([code, sig])),
    );
    clearTimeout(timer);
    const lastLine = stdout.trim().split('\n').pop();
    return {
      exitCode,
      signal,
      ...(exitCode === 0 && lastLine ? { result: JSON.parse(lastLine) as ChildRunResult } : {}),
      requests: proxy.requests,
      stderr,
    };
  } finally {
    await proxy.close();
  }
}
