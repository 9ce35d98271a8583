// @ts-check
// The MariaDB driver's thread: the ledger's main thread waits for each answer (synckit), so the
// ledger stays synchronous for its callers while the `mariadb` connector does its async work here.
// Plain JavaScript: a worker thread loads it as it is, from src/ under Jest and from dist/ when built.
const { runAsWorker } = require('synckit');
const mariadb = require('mariadb');

/** @type {Map<number, { connection: import('mariadb').Connection | undefined, options: import('mariadb').ConnectionConfig, lost: boolean }>} */
const connections = new Map();

/** @param {unknown} error */
function failure(error) {
  const e = /** @type {{ message?: string, code?: string, fatal?: boolean, sqlMessage?: string, failedSql?: string }} */ (error);
  return { ok: false, message: e.sqlMessage ?? e.message ?? String(error), code: e.code ?? null, fatal: Boolean(e.fatal), sql: e.failedSql };
}

/**
 * The connection of `id`, connected again when the last one was lost (not inside a transaction: that is the caller's to fail).
 * @param {number} id
 * @param {boolean} mayReconnect
 */
async function connectionOf(id, mayReconnect) {
  const entry = connections.get(id);
  if (!entry) throw new Error(`no connection ${id}`);
  if (entry.connection && !entry.lost) return entry.connection;
  if (!mayReconnect) throw Object.assign(new Error('the connection to the ledger database was lost during a transaction'), { fatal: true });
  const connection = await mariadb.createConnection(entry.options);
  connection.on('error', () => {
    entry.lost = true;
  });
  entry.connection = connection;
  entry.lost = false;
  return connection;
}

/**
 * Parameters whose text is longer than this in all (a run's details: 160 kB at 1,000 pages; a
 * question about 500 pages: 20 kB) go to the server as they are, through the binary protocol (a
 * prepared statement, kept per connection), rather than escaped into the statement's text by the
 * driver, character by character. Measured on the first such statements of a run: 2 ms where the
 * text took 6 to 14 ms.
 */
const LONG_PARAMETERS = 4 * 1024;

/** @param {unknown[]} params */
function hasLongParameters(params) {
  let length = 0;
  for (const param of params) if (typeof param === 'string') length += param.length;
  return length > LONG_PARAMETERS;
}

/**
 * One statement's result as the ledger takes it: the rows of a query, or what a write changed.
 * @param {import('mariadb').Connection} connection
 * @param {string} sql
 * @param {unknown[]} params
 */
async function runStatement(connection, sql, params) {
  const result = hasLongParameters(params) ? await connection.execute({ sql }, params) : await connection.query({ sql, namedPlaceholders: false }, params);
  const rows = Array.isArray(result) ? result.map((row) => ({ ...row })) : undefined;
  const changes = Array.isArray(result) ? 0 : Number(result.affectedRows);
  const lastInsertId = Array.isArray(result) ? 0 : Number(result.insertId);
  return { rows, changes, lastInsertId };
}

/**
 * @param {import('mariadb').Connection} connection
 * @param {{ sql?: string, params?: unknown[], questions?: { sql: string, params: unknown[] }[] }} request
 */
async function runRequest(connection, request) {
  if (!request.questions) return { ok: true, threadId: connection.threadId, ...(await runStatement(connection, request.sql ?? '', request.params ?? [])) };
  /** @type {Record<string, unknown>[][]} */
  const rowsOfEach = [];
  for (const question of request.questions) {
    try {
      rowsOfEach.push((await runStatement(connection, question.sql, question.params)).rows ?? []);
    } catch (error) {
      throw Object.assign(/** @type {object} */ (error), { failedSql: question.sql });
    }
  }
  return { ok: true, threadId: connection.threadId, rowsOfEach };
}

/** @param {{ op: 'started' | 'open' | 'query' | 'queries' | 'close', id: number, options?: import('mariadb').ConnectionConfig, sql?: string, params?: unknown[], questions?: { sql: string, params: unknown[] }[], inTransaction?: boolean }} request */
async function answer(request) {
  if (request.op === 'started') return { ok: true, threadId: 0 };
  if (request.op === 'open' || request.op === 'close') {
    const entry = connections.get(request.id);
    connections.delete(request.id);
    await entry?.connection?.end().catch(() => entry.connection?.destroy());
  }
  if (request.op === 'close') return { ok: true };
  if (request.op === 'open') connections.set(request.id, { connection: undefined, options: request.options ?? {}, lost: false });
  const connection = await connectionOf(request.id, !request.inTransaction);
  if (request.op === 'open') return { ok: true, threadId: connection.threadId };
  try {
    return await runRequest(connection, request);
  } catch (error) {
    const entry = connections.get(request.id);
    if (entry && (/** @type {{ fatal?: boolean }} */ (error).fatal || !connection.isValid())) entry.lost = true;
    throw error;
  }
}

runAsWorker(async (request) => {
  try {
    return await answer(request);
  } catch (error) {
    return failure(error);
  }
});
