// The logger drops a record at a level that is off before winston builds it, and writes the others
// as before (child loggers and a later change of level included).
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/log/logger';

function capture(level: string) {
  const lines: string[] = [];
  const stream = new Writable({
    write: (chunk, _encoding, done) => {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level, file: null, pretty: false, secrets: ['hunter2secret'], stream });
  return { log, lines };
}

describe('createLogger', () => {
  it('never reads the fields of a record below its level', () => {
    const { log, lines } = capture('warn');
    let read = 0;
    const meta = {
      get page() {
        read++;
        return 'Page';
      },
    };
    log.info('page read', meta);
    log.child({ task: 'office-hours' }).debug('page read', meta);
    expect(read).toBe(0);
    expect(lines).toEqual([]);
  });

  it('writes records at or above its level, from child loggers too, with secrets redacted', () => {
    const { log, lines } = capture('info');
    log.child({ task: 'office-hours', runId: 3 }).info('saved with hunter2secret', { page: 'Page' });
    log.warn('slow');
    log.debug('hidden');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 'info', message: 'saved with [redacted]', task: 'office-hours', runId: 3, page: 'Page' }),
      expect.objectContaining({ level: 'warn', message: 'slow' }),
    ]);
  });

  it('follows a change of level made after it was created', () => {
    const { log, lines } = capture('warn');
    log.info('before');
    log.level = 'info';
    log.info('after');
    expect(lines.map((line) => JSON.parse(line).message)).toEqual(['after']);
  });
});
