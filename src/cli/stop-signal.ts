// SIGTERM / SIGINT handling shared by `run`, `apply` and `start`: the first signal asks the writer to
// stop before its next save (the edit in flight completes); a second one forces an exit.
import type { EventEmitter } from 'node:events';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export class StopSignal {
  private received: string | null = null;
  private readonly waiters: Array<(signal: string) => void> = [];
  private readonly handler = (signal: string) => {
    if (this.received) {
      this.onForce?.();
      return;
    }
    this.received = signal;
    for (const resolve of this.waiters.splice(0)) resolve(signal);
  };
  private readonly listeners = SIGNALS.map((name) => [name, () => this.handler(name)] as const);

  constructor(
    private readonly source: EventEmitter,
    private readonly onForce?: () => void,
  ) {
    for (const [name, listener] of this.listeners) source.on(name, listener);
  }

  /** The signal received, if any. */
  get signal(): string | null {
    return this.received;
  }

  readonly shouldStop = (): boolean => this.received !== null;

  /** Stops as a first signal would (the edit in flight completes); does nothing once stopping. */
  request(reason: string): void {
    if (!this.received) this.handler(reason);
  }

  wait(): Promise<string> {
    if (this.received) return Promise.resolve(this.received);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  dispose(): void {
    for (const [name, listener] of this.listeners) this.source.off(name, listener);
  }
}
