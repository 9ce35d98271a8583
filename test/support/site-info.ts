// What a wiki in memory tells tasks of itself (WikiReader.siteInfo, read at connect by the real
// client): no extensions, no languages, MediaWiki's canonical namespaces, unless a test says otherwise.
import { CANONICAL_NAMESPACES } from '../../src/core/title';
import type { SiteInfo } from '../../src/wiki/reader';

export function siteInfoWith(facts: Partial<SiteInfo> = {}): SiteInfo {
  return { extensions: [], languages: [], namespaces: [...CANONICAL_NAMESPACES], ...facts };
}
