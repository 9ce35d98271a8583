// Which database the config's `ledger` settings name, and what MariaDB is told instead of SQLite.
import fs from 'node:fs';
import { ledgerLocation, readMyCnf, TOOLSDB_HOST } from '../../../src/ledger/ledger-location';
import { statementsOf, toMariaDb } from '../../../src/ledger/backend/sql-dialect';
import { tempFile } from '../../support/local-wiki';

function myCnf(text: string): string {
  const file = tempFile('replica.my.cnf');
  fs.writeFileSync(file, text);
  return file;
}

describe('ledgerLocation', () => {
  it('is a SQLite file by ledger.path, relative to where the bot runs', () => {
    expect(ledgerLocation({ path: 'data/deptbot.sqlite' }, '/srv/bot')).toEqual({ kind: 'sqlite', file: '/srv/bot/data/deptbot.sqlite' });
  });

  it('is MariaDB by ledger.url, which wins over ledger.path', () => {
    expect(ledgerLocation({ path: 'x.sqlite', url: 'mysql://bot:p%40ss@db.example:3307/deptbot?socket=/run/my.sock' }, '/')).toEqual({
      kind: 'mariadb',
      target: { host: 'db.example', port: 3307, socketPath: '/run/my.sock', user: 'bot', password: 'p@ss', database: 'deptbot', setting: 'ledger.url' },
    });
  });

  it("reads Toolforge's replica.my.cnf: ToolsDB's host, and the database <user>__deptbot unless ledger.database names one", () => {
    const file = myCnf("[client]\nuser = s54321\npassword = 'se cret'\n");
    expect(ledgerLocation({ mycnf: file }, '/')).toEqual({
      kind: 'mariadb',
      target: { host: TOOLSDB_HOST, port: 3306, socketPath: undefined, user: 's54321', password: 'se cret', database: 's54321__deptbot', setting: `ledger.mycnf (${file})` },
    });
    expect(ledgerLocation({ mycnf: file, database: 's54321__other' }, '/')).toMatchObject({ target: { database: 's54321__other' } });
  });

  it.each([
    [{ url: 'mysql://a@h/d', mycnf: '/x' }, 'ledger: give ledger.url or ledger.mycnf, not both'],
    [{ path: 'x', database: 'd' }, 'ledger.database: only with ledger.mycnf'],
    [{ url: 'mysql://h/d' }, 'ledger.url: expected mysql://user:password@host:port/database'],
    [{ url: 'postgres://a:b@h/d' }, 'ledger.url: expected mysql://'],
    [{ url: 'not a url' }, 'ledger.url: not a URL'],
    [{ mycnf: '/no/such/replica.my.cnf' }, 'ledger.mycnf: cannot read /no/such/replica.my.cnf'],
    [{}, 'ledger: give ledger.path (SQLite), ledger.url or ledger.mycnf (MariaDB)'],
  ])('refuses %j naming the setting', (settings, message) => {
    expect(() => ledgerLocation(settings, '/')).toThrow(message);
  });

  it('refuses an option file without a user', () => {
    const file = myCnf('[mysqld]\nuser = mysql\n[client]\npassword = x\n');
    expect(() => ledgerLocation({ mycnf: file }, '/')).toThrow(`ledger.mycnf: ${file} has no "user" in its [client] section`);
    expect(readMyCnf(file)).toEqual({ password: 'x' });
  });
});

describe('the MariaDB dialect', () => {
  it.each([
    ['INSERT OR IGNORE INTO reminders (`key`) VALUES (?)', 'INSERT IGNORE INTO reminders (`key`) VALUES (?)'],
    ['INSERT OR REPLACE INTO task_locks (task) VALUES (?)', 'REPLACE INTO task_locks (task) VALUES (?)'],
    [
      'INSERT INTO task_state (task, `key`, value) VALUES (?, ?, ?) ON CONFLICT (task, `key`) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      'INSERT INTO task_state (task, `key`, value) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)',
    ],
    ['id INTEGER PRIMARY KEY AUTOINCREMENT, details TEXT NOT NULL, page VARCHAR(512)', 'id INTEGER PRIMARY KEY AUTO_INCREMENT, details MEDIUMTEXT NOT NULL, page VARCHAR(512)'],
    ['SELECT * FROM runs WHERE task = ? ORDER BY id DESC LIMIT ?', 'SELECT * FROM runs WHERE task = ? ORDER BY id DESC LIMIT ?'],
  ])('%s', (sqlite, mariadb) => {
    expect(toMariaDb(sqlite)).toBe(mariadb);
  });

  it("splits a migration into its statements", () => {
    expect(statementsOf('\n  CREATE TABLE a (x INTEGER);\n  CREATE INDEX a_x ON a (x);\n  ')).toEqual(['CREATE TABLE a (x INTEGER)', 'CREATE INDEX a_x ON a (x)']);
  });
});
