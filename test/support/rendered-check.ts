// What editors see: each page the bot saved, rendered by the real wiki (action=parse), checked for
// what reads as broken. Every check finds the defects of one rendering; a defect counts against the
// bot only when the revision before the bot's (or no page, for a page it created) did not have it,
// so what people wrote on the page is never blamed on the bot.
import { parse, type HTMLElement } from 'node-html-parser';

/** A revision the bot saved: `oldRevId` is null when the bot created the page. */
export interface SavedRevision {
  title: string;
  oldRevId: number | null;
  newRevId: number;
}

/** One revision as the wiki renders it. */
export interface Rendering {
  title: string;
  wikitext: string;
  html: HTMLElement;
}

export interface RenderedDefect {
  page: string;
  defect: string;
}

export interface RenderCheckOptions {
  apiUrl: string;
  /** Pages a red link may point to on purpose (a talk page or report not written yet). */
  intendedRedLinks?: readonly string[];
  /** Checks of one task on one rendering (its banner, its region): defects as sentences. */
  expectations?: (rendering: Rendering, before: Rendering | null) => string[];
}

export interface RenderCheckReport {
  checked: number;
  defects: RenderedDefect[];
}

/** <pre> and <code> parsed as elements (node-html-parser keeps a <pre>'s content as raw text by default). */
function parseHtml(html: string): HTMLElement {
  return parse(html, { blockTextElements: { script: true, style: true } });
}

async function api(apiUrl: string, params: Record<string, string>): Promise<any> {
  const response = await fetch(`${apiUrl}?${new URLSearchParams({ ...params, format: 'json', formatversion: '2' })}`);
  const body = (await response.json()) as any;
  if (body.error) throw new Error(`action=${params.action} answered ${body.error.code}: ${body.error.info}`);
  return body;
}

export async function renderRevision(apiUrl: string, revId: number): Promise<Rendering> {
  const body = await api(apiUrl, { action: 'parse', oldid: String(revId), prop: 'text|wikitext', disablelimitreport: '1', disableeditsection: '1' });
  return { title: body.parse.title, wikitext: body.parse.wikitext, html: parseHtml(body.parse.text) };
}

/** Text an editor reads: what code and preformatted blocks quote on purpose is left out. */
function readableText(html: HTMLElement): string {
  const copy = parseHtml(html.toString());
  for (const quoted of copy.querySelectorAll('code, pre, kbd, tt, style, script')) quoted.remove();
  return copy.textContent;
}

const LITERAL_MARKUP = ['{{', '}}', '[[', ']]', '<!--', '-->', '{|', '|}', '__NOTOC__'];

function literalMarkup(rendering: Rendering): string[] {
  const text = readableText(rendering.html);
  return LITERAL_MARKUP.flatMap((markup) => text.split(markup).slice(1).map(() => `literal "${markup}" in the rendered text`));
}

/** A <pre> box the wikitext did not ask for: a line that starts with a space (or a comment and a space). */
function accidentalPre(rendering: Rendering): string[] {
  const asked = (rendering.wikitext.match(/<(pre|syntaxhighlight|source)[\s>]/gi) ?? []).length;
  return rendering.html
    .querySelectorAll('pre')
    .slice(asked)
    .map((pre) => `a preformatted box (<pre>) holding "${pre.textContent.trim().slice(0, 80)}"`);
}

function errors(rendering: Rendering): string[] {
  return rendering.html
    .querySelectorAll('.error, .scribunto-error')
    .map((node) => `an error box: "${node.textContent.trim().slice(0, 120)}"`);
}

function cellsOf(row: HTMLElement): number {
  return row.childNodes
    .filter((node): node is HTMLElement => node instanceof Object && 'tagName' in node && ['TD', 'TH'].includes((node as HTMLElement).tagName))
    .reduce((sum, cell) => sum + Number(cell.getAttribute('colspan') ?? 1), 0);
}

/** Every row of a table as wide as its first row (no rowspan in what the bot writes). */
function tableShape(rendering: Rendering): string[] {
  return rendering.html.querySelectorAll('table').flatMap((table) => {
    const rows = table.querySelectorAll('tr').filter((row) => row.closest('table') === table);
    const widths = rows.map(cellsOf);
    const uneven = widths.findIndex((width) => width !== widths[0]);
    return uneven < 0 ? [] : [`a table whose row ${uneven + 1} has ${widths[uneven]} cells where the first has ${widths[0]}`];
  });
}

/** Lines the wikitext meant as separate, run together in one paragraph: two bold labels ("Edits:") in one <p>. */
function runTogetherLabels(rendering: Rendering): string[] {
  return rendering.html.querySelectorAll('p').flatMap((paragraph) => {
    const labels = paragraph.querySelectorAll('b').filter((bold) => bold.textContent.trim().endsWith(':'));
    return labels.length > 1 ? [`labels run together on one line: "${paragraph.textContent.trim().slice(0, 100)}"`] : [];
  });
}

/** The page's content split at its headings: what an editor reads as one section. */
function sections(html: HTMLElement): HTMLElement[][] {
  const content = html.querySelector('.mw-parser-output') ?? html;
  const groups: HTMLElement[][] = [[]];
  for (const child of content.childNodes) {
    if (!(child instanceof Object) || !('tagName' in child)) continue;
    const element = child as HTMLElement;
    if (/^H[1-6]$/.test(element.tagName)) groups.push([]);
    groups[groups.length - 1].push(element);
  }
  return groups;
}

/** The same thing said twice in one section's lists: an item again, or a note repeating another item's reason ("Page: reason"). */
function repeatedItems(rendering: Rendering): string[] {
  return sections(rendering.html).flatMap((section) => {
    const items = section.flatMap((element) => element.querySelectorAll('li')).map((item) => item.textContent.trim().replace(/\s+/g, ' '));
    return items
      .filter((item, index) => items.some((other, at) => (at < index && other === item) || (at !== index && other.endsWith(`: ${item}`))))
      .map((item) => `said twice in one section: "${item.slice(0, 100)}"`);
  });
}

/** A link the wikitext writes itself (`[[…]]`), not through a template: the page as the wiki names it, and the section. */
export interface WrittenLink {
  title: string;
  fragment: string | null;
}

function linkTarget(link: string): WrittenLink {
  const [target] = link.replace(/^:/, '').split('|');
  const [page, fragment] = target.split('#');
  const title = page.replace(/_/g, ' ').trim();
  return { title: title.charAt(0).toUpperCase() + title.slice(1), fragment: fragment?.trim() || null };
}

export function writtenLinks(wikitext: string): WrittenLink[] {
  return [...wikitext.matchAll(/\[\[([^[\]{}]+?)\]\]/g)].map((m) => linkTarget(m[1])).filter((link) => link.title !== '');
}

/**
 * Whether each page linked exists now, and the anchors of the sections linked: asked of the wiki
 * rather than read from a.new, which a cached rendering may show red after the page was created.
 */
export class LinkResolver {
  private readonly exists = new Map<string, boolean>();
  private readonly anchors = new Map<string, Set<string>>();

  constructor(private readonly apiUrl: string) {}

  async learn(links: readonly WrittenLink[]): Promise<void> {
    const unknown = [...new Set(links.map((l) => l.title))].filter((t) => !this.exists.has(t));
    for (let i = 0; i < unknown.length; i += 50) {
      const body = await api(this.apiUrl, { action: 'query', titles: unknown.slice(i, i + 50).join('|') });
      const normalized = new Map<string, string>((body.query.normalized ?? []).map((n: { from: string; to: string }) => [n.to, n.from]));
      for (const page of body.query.pages ?? []) {
        const known = (page.missing !== true || page.known === true) && page.invalid !== true;
        this.exists.set(normalized.get(page.title) ?? page.title, known);
        this.exists.set(page.title, known);
      }
    }
    for (const link of links) {
      if (!link.fragment || this.anchors.has(link.title) || !this.exists.get(link.title)) continue;
      const body = await api(this.apiUrl, { action: 'parse', page: link.title, prop: 'sections', redirects: '1' });
      this.anchors.set(link.title, new Set((body.parse.sections as Array<{ anchor: string; line: string }>).flatMap((s) => [s.anchor, s.line])));
    }
  }

  problems(links: readonly WrittenLink[], intended: readonly string[]): string[] {
    return links.flatMap((link) => {
      if (intended.includes(link.title)) return [];
      if (!this.exists.get(link.title)) return [`a red link to "${link.title}"`];
      const anchors = this.anchors.get(link.title);
      if (link.fragment && anchors && !anchors.has(link.fragment) && !anchors.has(link.fragment.replace(/ /g, '_'))) {
        return [`a link to a section "${link.fragment}" that "${link.title}" does not have`];
      }
      return [];
    });
  }
}

async function linkProblems(rendering: Rendering, resolver: LinkResolver, intended: readonly string[]): Promise<string[]> {
  const links = writtenLinks(rendering.wikitext);
  const distinct = [...new Map(links.map((l) => [`${l.title}#${l.fragment ?? ''}`, l])).values()];
  await resolver.learn(distinct);
  return resolver.problems(distinct, intended);
}

/** Each check on one rendering; the defects as sentences. */
export async function renderingDefects(rendering: Rendering, resolver: LinkResolver, intendedRedLinks: readonly string[] = []): Promise<string[]> {
  return [
    ...accidentalPre(rendering),
    ...errors(rendering),
    ...literalMarkup(rendering),
    ...tableShape(rendering),
    ...runTogetherLabels(rendering),
    ...repeatedItems(rendering),
    ...(await linkProblems(rendering, resolver, intendedRedLinks)),
  ];
}

/** What `after` has that `before` had not, counting repeats: a defect already there before is not the bot's. */
export function introduced(after: readonly string[], before: readonly string[]): string[] {
  const left = [...before];
  return after.filter((defect) => {
    const at = left.indexOf(defect);
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

/** Renders each saved revision and the one before it, and lists the defects the bot's edit brought. */
export async function checkRenderedRevisions(revisions: readonly SavedRevision[], options: RenderCheckOptions): Promise<RenderCheckReport> {
  const defects: RenderedDefect[] = [];
  const intended = options.intendedRedLinks ?? [];
  const resolver = new LinkResolver(options.apiUrl);
  for (const revision of revisions) {
    const after = await renderRevision(options.apiUrl, revision.newRevId);
    const before = revision.oldRevId ? await renderRevision(options.apiUrl, revision.oldRevId) : null;
    const found = introduced(await renderingDefects(after, resolver, intended), before ? await renderingDefects(before, resolver, intended) : []);
    found.push(...(options.expectations?.(after, before) ?? []));
    defects.push(...found.map((defect) => ({ page: revision.title, defect })));
  }
  return { checked: revisions.length, defects };
}

/** "3 pages checked, 0 defects", then one line per defect. */
export function formatRenderCheck(report: RenderCheckReport): string {
  return [
    `${report.checked} pages checked, ${report.defects.length} defects`,
    ...report.defects.map((d) => `  ${d.page}: ${d.defect}`),
  ].join('\n');
}
