// Titles as MediaWiki compares them (TitleParser::splitTitleString): underscores are spaces, runs of
// white space are one space, no white space at the ends or around the namespace colon, a leading
// colon dropped; a namespace prefix is recognised by its local name, its canonical name or an alias,
// case-insensitively, and written with the local name (`WP:`, `project:` → `Meta:`; `User_talk:` →
// `User talk:`); the first letter after it is upper case unless the namespace is case-sensitive.
// The namespaces are the wiki's own, from the siteinfo the client reads when it connects
// (configureTitles); until then, MediaWiki's canonical English names. Every comparison of titles from
// settings, schedules or `--page` with titles from the wiki goes through here.

/** A title in MediaWiki's normal form; made only by `normaliseTitle`. */
export type Title = string & { readonly __normalised: 'title' };

/** One namespace of the wiki, as meta=siteinfo describes it. */
export interface Namespace {
  id: number;
  /** The local name (`Talk`, `Benutzer`); empty for the main namespace. */
  name: string;
  canonical?: string;
  aliases: string[];
  /** `first-letter` (the default: the first letter is always upper case) or `case-sensitive`. */
  case?: 'first-letter' | 'case-sensitive';
}

const canonical = (id: number, name: string, aliases: string[] = []): Namespace => ({ id, name, canonical: name, aliases });

/** MediaWiki's built-in namespaces, by their canonical names: what a wiki not yet asked is taken to have. */
export const CANONICAL_NAMESPACES: readonly Namespace[] = [
  canonical(-2, 'Media'),
  canonical(-1, 'Special'),
  { id: 0, name: '', aliases: [] },
  canonical(1, 'Talk'),
  canonical(2, 'User'),
  canonical(3, 'User talk'),
  canonical(4, 'Project'),
  canonical(5, 'Project talk'),
  canonical(6, 'File', ['Image']),
  canonical(7, 'File talk', ['Image talk']),
  canonical(8, 'MediaWiki'),
  canonical(9, 'MediaWiki talk'),
  canonical(10, 'Template'),
  canonical(11, 'Template talk'),
  canonical(12, 'Help'),
  canonical(13, 'Help talk'),
  canonical(14, 'Category'),
  canonical(15, 'Category talk'),
];

/** Underscores and runs of white space as one space, no white space at the ends. */
function spaced(text: string): string {
  return text.replace(/[\s_]+/g, ' ').trim();
}

/** A title split as MediaWiki splits it: its namespace and the text after the prefix. */
export interface TitleParts {
  namespace: Namespace;
  /** The title within its namespace, normalised (`Foo bar` of `User talk:Foo_bar`). */
  text: string;
}

/** The normalisation rules of one wiki: its namespaces by every name they answer to. */
export class TitleRules {
  private readonly byName = new Map<string, Namespace>();
  private readonly main: Namespace;

  constructor(readonly namespaces: readonly Namespace[]) {
    for (const namespace of namespaces) {
      for (const name of [namespace.name, namespace.canonical ?? '', ...namespace.aliases]) {
        if (name) this.byName.set(spaced(name).toLowerCase(), namespace);
      }
    }
    this.main = namespaces.find((namespace) => namespace.id === 0) ?? { id: 0, name: '', aliases: [] };
  }

  /** The namespace called `name` (any of its names, any case), if the wiki has one. */
  namespaceNamed(name: string): Namespace | undefined {
    return this.byName.get(spaced(name).toLowerCase());
  }

  namespaceById(id: number): Namespace | undefined {
    return this.namespaces.find((namespace) => namespace.id === id);
  }

  /** Splits a title into its namespace and the normalised text after the prefix. */
  parse(raw: string): TitleParts {
    const title = spaced(raw).replace(/^:\s*/, '');
    const colon = title.indexOf(':');
    const namespace = colon > 0 ? this.namespaceNamed(title.slice(0, colon)) : undefined;
    const rest = namespace ? title.slice(colon + 1).trim() : title;
    const within = namespace ?? this.main;
    return { namespace: within, text: within.case === 'case-sensitive' ? rest : rest.charAt(0).toUpperCase() + rest.slice(1) };
  }

  /** The title `text` in namespace `namespace`, written as the wiki writes it. */
  format(namespace: Namespace, text: string): Title {
    return (namespace.id === 0 ? text : `${namespace.name}:${text}`) as Title;
  }

  normalise(raw: string): Title {
    const { namespace, text } = this.parse(raw);
    return this.format(namespace, text);
  }
}

let configured = new TitleRules(CANONICAL_NAMESPACES);

/** Takes the wiki's own namespaces (meta=siteinfo) as the rules titles are normalised by from now on. */
export function configureTitles(namespaces: readonly Namespace[]): void {
  configured = new TitleRules(namespaces.length ? namespaces : CANONICAL_NAMESPACES);
}

/** The rules titles are normalised by: the connected wiki's, or MediaWiki's canonical ones. */
export function titleRules(): TitleRules {
  return configured;
}

export function normaliseTitle(title: string): Title {
  return configured.normalise(title);
}

export function sameTitle(a: string, b: string): boolean {
  return normaliseTitle(a) === normaliseTitle(b);
}
