// A replay server for what the local wiki's real Translate cannot produce on demand (statistics
// while its cache is being rebuilt, a wiki without Translate): it answers Translate's API modules
// from real recorded responses and forwards every other request (login, tokens, reads, edits)
// byte for byte to the real local wiki, cookies included.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readCredentials } from './local-wiki';

export const recordingsDir = path.join(__dirname, '..', 'unit', 'translation-status', 'recordings');

/** The only group the recordings know (any other group is answered as Translate answers an unknown one). */
export const RECORDED_GROUP = 'page-Sample translatable page';

/** The states of the recorded page, in time order, plus the two special answers. */
export type TranslateState = 'first' | 'later' | 'regressed' | 'after-mark-before-jobs' | 'not-marked';

export type ReplayedModule = 'messagegroupstats' | 'messagegroups' | 'messagecollection' | 'siteinfo';

export interface ReplayedRequest {
  module: ReplayedModule;
  /** The request's parameters as the bot sent them. */
  params: Record<string, string>;
  /** The recording (file name) that answered, or null when none fits. */
  recording: string | null;
  at: number;
}

export interface TranslateReplay {
  readonly apiUrl: string;
  /** Every request answered from the recordings, in order. */
  readonly replayed: ReplayedRequest[];
  /** How many requests went to the real wiki. */
  readonly forwarded: number;
  /** The state every later stats request is answered from. */
  setState(state: TranslateState): void;
  /** Answers the next stats requests from these states in turn; the last one then stays. */
  queueStates(states: readonly TranslateState[]): void;
  /**
   * false: the wiki behaves as if Translate were not installed: siteinfo lists no Translate (the
   * recording without it, or the real wiki's answer to the client's read at connect with it taken
   * out); everything else goes to the real wiki.
   */
  setTranslateInstalled(installed: boolean): void;
  close(): Promise<void>;
}

const STATS_FILE_STEM: Record<TranslateState, string> = {
  first: 'messagegroupstats',
  later: 'messagegroupstats.later',
  regressed: 'messagegroupstats.regressed',
  'after-mark-before-jobs': 'messagegroupstats.after-mark-before-jobs',
  'not-marked': 'messagegroupstats.not-marked',
};

function splitMulti(value: string | undefined): string[] {
  if (!value) return [];
  // mwn sends a multi-value that contains "|" with the \x1f separator instead.
  return value.startsWith('\x1f') ? value.slice(1).split('\x1f') : value.split('|');
}

/**
 * Which recorded module answers this request, or null to forward it. Only requests that are purely
 * Translate's are answered: a request mixing modules (mwn's meta=tokens|siteinfo|userinfo at login)
 * goes to the real wiki. A siteinfo request is answered only when it asks for `extensions` and
 * nothing beyond `general` (what the recording holds), so the two never mix.
 */
export function classifyRequest(params: Record<string, string>): ReplayedModule | null {
  if (params.action !== 'query') return null;
  const meta = splitMulti(params.meta);
  const list = splitMulti(params.list);
  if (params.prop || params.generator || params.titles || params.pageids || params.revids) return null;
  if (list.length === 0 && meta.length === 1) {
    if (meta[0] === 'messagegroupstats' || meta[0] === 'messagegroups') return meta[0];
    if (meta[0] === 'siteinfo') {
      const siprop = splitMulti(params.siprop ?? 'general');
      if (siprop.includes('extensions') && siprop.every((p) => p === 'general' || p === 'extensions')) return 'siteinfo';
    }
    return null;
  }
  if (meta.length === 0 && list.length === 1 && list[0] === 'messagecollection') return 'messagecollection';
  return null;
}

/** Parameters of a request: the query string, plus the body for a form or multipart POST. */
export function requestParams(url: string, contentType: string | undefined, body: Buffer): Record<string, string> {
  const params: Record<string, string> = Object.fromEntries(new URL(url, 'http://replay').searchParams);
  if (!body.length || !contentType) return params;
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  }
  const boundary = contentType.match(/boundary=(?:"([^"]+)"|([^;]+))/i);
  if (contentType.startsWith('multipart/form-data') && boundary) {
    const delimiter = `--${boundary[1] ?? boundary[2]}`;
    for (const part of body.toString('utf8').split(delimiter)) {
      const headerEnd = part.indexOf('\r\n\r\n');
      const name = part.slice(0, headerEnd).match(/name="([^"]*)"/);
      if (headerEnd === -1 || !name) continue;
      params[name[1]] = part.slice(headerEnd + 4).replace(/\r\n$/, '');
    }
  }
  return params;
}

/** Translate's group filter: case-insensitive, `*` as a wildcard, several patterns separated by pipes. */
function matchesFilter(id: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => {
    const source = pattern
      .toLowerCase()
      .split('*')
      .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${source}$`).test(id.toLowerCase());
  });
}

export interface Answer {
  recording: string | null;
  /** The response body: the recording's own bytes when nothing had to be filtered out of it. */
  body: string;
}

function missingRecording(what: string): Answer {
  return { recording: null, body: JSON.stringify({ error: { code: 'replay-no-recording', info: `No recording answers ${what}` } }) };
}

/** The recordings with the state they answer from; used by the replay server and by unit tests' fake reader. */
export interface Recordings {
  /** The answer to a request that classifyRequest gave to `module`. */
  answer(module: ReplayedModule, params: Record<string, string>): Answer;
  setState(state: TranslateState): void;
  queueStates(states: readonly TranslateState[]): void;
}

export function openRecordings(dir: string = recordingsDir, initialState: TranslateState = 'first'): Recordings {
  const raw = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');
  const load = (file: string): any => JSON.parse(raw(file));
  const verbatim = (file: string): Answer => ({ recording: file, body: raw(file) });
  let state = initialState;
  let queued: TranslateState[] = [];

  const nextStatsState = (): TranslateState => {
    if (queued.length) state = queued.shift()!;
    return state;
  };

  const answerStats = (params: Record<string, string>): Answer => {
    const current = nextStatsState();
    const notMarked = 'messagegroupstats.not-marked.json';
    if (params.mgsgroup !== RECORDED_GROUP || current === 'not-marked') return verbatim(notMarked);
    if (current === 'after-mark-before-jobs') {
      return verbatim(`${STATS_FILE_STEM[current]}${params.mgsoffset ? '.continued' : ''}.json`);
    }
    const suppress = params.mgssuppressempty !== undefined && params.mgssuppressempty !== '0' && params.mgssuppressempty !== 'false';
    const file = `${STATS_FILE_STEM[current]}${suppress ? '.suppressempty' : ''}.json`;
    const offset = params.mgsoffset;
    if (!offset) return verbatim(file);
    // Translate skips the languages sorted before the offset (a PHP string comparison).
    const body = load(file);
    body.query.messagegroupstats = body.query.messagegroupstats.filter((row: { code: string }) => !(row.code < offset));
    return { recording: file, body: JSON.stringify(body) };
  };

  const answerGroups = (params: Record<string, string>): Answer => {
    const file = 'messagegroups.json';
    const body = load(file);
    const patterns = splitMulti(params.mgfilter);
    body.query.messagegroups = body.query.messagegroups.filter((group: { id: string }) => matchesFilter(group.id, patterns));
    return { recording: file, body: JSON.stringify(body) };
  };

  const answerCollection = (params: Record<string, string>): Answer => {
    if (params.mcgroup !== RECORDED_GROUP) return missingRecording(`mcgroup=${params.mcgroup}`);
    const suffix = params.mcfilter === 'fuzzy' ? '-fuzzy' : params.mcfilter === '!translated' ? '-untranslated' : '';
    const file = `messagecollection-${params.mclanguage}${suffix}.json`;
    return fs.existsSync(path.join(dir, file)) ? verbatim(file) : missingRecording(file);
  };

  const answerSiteinfo = (params: Record<string, string>): Answer => {
    const file = 'siteinfo-extensions.json';
    const recorded = load(file);
    const wanted = splitMulti(params.siprop);
    const query: Record<string, unknown> = {};
    for (const section of wanted) query[section] = recorded.query[section];
    return { recording: file, body: JSON.stringify({ batchcomplete: true, query }) };
  };

  const answer = (module: ReplayedModule, params: Record<string, string>): Answer => {
    switch (module) {
      case 'messagegroupstats':
        return answerStats(params);
      case 'messagegroups':
        return answerGroups(params);
      case 'messagecollection':
        return answerCollection(params);
      case 'siteinfo':
        return answerSiteinfo(params);
    }
  };

  return {
    answer,
    setState(next) {
      state = next;
      queued = [];
    },
    queueStates(states) {
      queued = [...states];
    },
  };
}

/** A siteinfo answer (JSON) with the Translate extension taken out of its extensions. */
function withoutTranslateExtension(json: string): string {
  const body = JSON.parse(json);
  const extensions: Array<{ name?: string }> | undefined = body.query?.extensions;
  if (extensions) body.query.extensions = extensions.filter((extension) => extension.name !== 'Translate');
  return JSON.stringify(body);
}

function withoutTranslate(answer: Answer): Answer {
  return { recording: answer.recording, body: withoutTranslateExtension(answer.body) };
}

/** A request the real wiki answers with the list of extensions (the client's siteinfo read at connect). */
function asksForExtensions(params: Record<string, string>): boolean {
  return params.action === 'query' && splitMulti(params.meta).includes('siteinfo') && splitMulti(params.siprop).includes('extensions');
}

export interface TranslateReplayOptions {
  target?: string;
  dir?: string;
  initialState?: TranslateState;
  /**
   * Answers the statistics of the groups it knows (its answer's body), before the recordings do;
   * null leaves the request to them. The benchmark generates its pages' statistics with it.
   */
  groupStats?: (params: Record<string, string>) => string | null;
}

export async function startTranslateReplay(options: TranslateReplayOptions = {}): Promise<TranslateReplay> {
  const target = new URL(options.target ?? readCredentials().serverUrl);
  const recordings = openRecordings(options.dir, options.initialState);
  let installed = true;
  let forwarded = 0;
  const replayed: ReplayedRequest[] = [];

  /** Passes the request to the real wiki; `rewrite` changes the answer's body (asked for uncompressed). */
  const forward = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, rewrite?: (json: string) => string) => {
    forwarded++;
    const headers = { ...req.headers, host: target.host };
    if (rewrite) delete headers['accept-encoding'];
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers },
      (reply) => {
        if (!rewrite) {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => chunks.push(chunk));
        reply.on('end', () => {
          const rewritten = Buffer.from(rewrite(Buffer.concat(chunks).toString('utf8')), 'utf8');
          res.writeHead(reply.statusCode ?? 502, { ...reply.headers, 'content-length': String(rewritten.length) });
          res.end(rewritten);
        });
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`replay: the wiki behind did not answer (${error.message})`);
    });
    upstream.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const params = requestParams(req.url ?? '/', req.headers['content-type'], body);
      const module = req.url?.split('?')[0].endsWith('/api.php') ? classifyRequest(params) : null;
      // Without Translate, the siteinfo the client reads at connect (forwarded: it asks for userinfo too) lists no Translate either.
      if (!module && !installed && asksForExtensions(params)) return forward(req, body, res, withoutTranslateExtension);
      if (!module || (!installed && module !== 'siteinfo')) return forward(req, body, res);
      const generated = installed && module === 'messagegroupstats' ? (options.groupStats?.(params) ?? null) : null;
      const recorded = () => (installed ? recordings.answer(module, params) : withoutTranslate(recordings.answer(module, params)));
      const { recording, body: answerBody } = generated === null ? recorded() : { recording: 'generated', body: generated };
      replayed.push({ module, params, recording, at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(answerBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}/api.php`,
    replayed,
    get forwarded() {
      return forwarded;
    },
    setState: (next) => recordings.setState(next),
    queueStates: (states) => recordings.queueStates(states),
    setTranslateInstalled(value) {
      installed = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
