// Titles as MediaWiki compares them: underscores are spaces, runs of white space are one space,
// no white space at the ends, and the first letter is upper case ($wgCapitalLinks, as on Meta-Wiki).
// Every comparison of titles from settings, schedules or `--page` with titles from the wiki goes
// through here.

/** A title in MediaWiki's normal form; made only by `normaliseTitle`. */
export type Title = string & { readonly __normalised: 'title' };

export function normaliseTitle(title: string): Title {
  const spaced = title.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  return (spaced.charAt(0).toUpperCase() + spaced.slice(1)) as Title;
}

export function sameTitle(a: string, b: string): boolean {
  return normaliseTitle(a) === normaliseTitle(b);
}
