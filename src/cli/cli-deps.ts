// What the CLI is given from outside: the real entry point passes the registry and the process's
// environment and streams; tests pass their own.
import type { EventEmitter } from 'node:events';
import type { Task } from '../core/task';
import type { LogFormat } from '../log/logger';

export interface OutputStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
}

export interface CliDeps {
  tasks: readonly Task[];
  env: NodeJS.ProcessEnv;
  /** Folder holding default.yaml and the overlays (the global --config-dir overrides it). */
  configDir: string;
  /** --log-format; DEPTBOT_LOG_FORMAT when not given; readable lines when neither is. */
  logFormat?: LogFormat;
  stdout: OutputStream;
  stderr: OutputStream;
  /**
   * Where console log lines go: stderr beside the report on stdout, or, with JSON log lines, stdout
   * itself (the stream a collector such as `toolforge jobs logs` reads), the report then on stderr.
   */
  logOut?: OutputStream;
  /** Emits SIGTERM and SIGINT: the process in production, an EventEmitter in tests. */
  signals: EventEmitter;
  clock: () => Date;
  /**
   * True once the process that started this one has exited (`npx deptbot start` stopped by a
   * signal that npx does not pass on): the daemon then stops instead of living on re-parented.
   */
  parentExited?: () => boolean;
  /** Called on a second stop signal: the real entry point exits at once. */
  forceExit?: () => void;
}
