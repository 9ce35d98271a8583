// A WikiReader for unit tests that answers Translate's modules from the real recordings (the same
// answers the replay server gives over HTTP) and the few core reads the task makes about pages.
import type { ApiParams } from 'mwn';
import { WikiError } from '../../../src/core/errors';
import type { ApiResponse, PageState, WikiReader } from '../../../src/wiki/client';
import { siteInfoOf } from '../../../src/wiki/reader';
import { siteInfoWith } from '../../support/site-info';
import { classifyRequest, openRecordings, type Recordings, type TranslateState } from '../../support/translate-replay';

export interface RecordedWiki extends WikiReader {
  readonly recordings: Recordings;
  /** Every query, as the API would receive its parameters. */
  readonly requests: Array<Record<string, string>>;
}

function asApiStrings(params: ApiParams): Record<string, string> {
  const flat: Record<string, string> = { action: 'query' };
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === false) continue;
    flat[key] = Array.isArray(value) ? value.join('|') : value === true ? '1' : String(value);
  }
  return flat;
}

/** `pageLanguage`: what prop=info reports for every title (the content language of an English wiki). */
export function recordedWiki(options: { state?: TranslateState; pageLanguage?: string } = {}): RecordedWiki {
  const recordings = openRecordings(undefined, options.state ?? 'first');
  const requests: Array<Record<string, string>> = [];
  const query = async (params: ApiParams): Promise<ApiResponse> => {
    const flat = asApiStrings(params);
    requests.push(flat);
    const module = classifyRequest(flat);
    if (module) {
      const body = JSON.parse(recordings.answer(module, flat).body);
      // As the wiki client does: an API error becomes a WikiError carrying its code.
      if (body.error) throw new WikiError(`The wiki refused action=query: ${body.error.code} (${body.error.info})`, body.error.code);
      return body;
    }
    if (flat.prop === 'info' && flat.titles) {
      const pages = flat.titles.split('|').map((title) => ({ title, ns: 0, pagelanguage: options.pageLanguage ?? 'en' }));
      return { batchcomplete: true, query: { pages } };
    }
    throw new Error(`recorded wiki: no answer for ${JSON.stringify(flat)}`);
  };
  return {
    userName: 'DeptBot',
    rights: new Set(['bot', 'apihighlimits']),
    apiUrl: 'http://recorded.invalid/api.php',
    titlesPerRequest: 500,
    // What the client reads at connect: the recorded siteinfo's extensions (Translate among them).
    siteInfo: siteInfoWith(siteInfoOf(JSON.parse(recordings.answer('siteinfo', { siprop: 'extensions' }).body), ['extensions'])),
    recordings,
    requests,
    query,
    async *queryAll(params: ApiParams) {
      yield await query(params);
    },
    async readPages(): Promise<Map<string, PageState>> {
      throw new Error('recorded wiki: the task reads no page text; the writer does');
    },
  };
}
