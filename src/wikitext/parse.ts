// The one model of wikitext: every module that reads markup asks this file, and this file asks
// wikiparser-node, a parser that follows MediaWiki's preprocessor (comments, extension tags,
// <includeonly>/<noinclude>, `{{…}}` and `{{{…}}}` matched as Preprocessor_Hash matches them,
// unclosed tags left as text). Only its first stages run: the preprocessor's nodes and headings.
// Which tags are extension tags, and the namespace names, come from the wiki (configureWikitext).
import { getHeapStatistics } from 'node:v8';
import Parser from 'wikiparser-node';
import type { AstNodes, Config, Token } from 'wikiparser-node';
import { titleRules } from '../core/title';
import { LONG_TEXT, balancedInParts, type PartChecks } from './balance-in-parts';

export interface TemplateParam {
  /** Parameter name; positional parameters are numbered from 1. */
  name: string;
  value: string;
}

/** A parameter as a call writes it. */
export interface CallParam extends TemplateParam {
  /** The value as written (not trimmed). */
  value: string;
  /** True for a positional parameter (`{{x|value}}`), false for a named one (`{{x|1=value}}`). */
  positional: boolean;
}

export interface TemplateCall {
  /**
   * Normalised name: a template's name without the `Template:` prefix, underscores as spaces, first
   * letter upper case. A call to a page of another namespace keeps its namespace and starts with ':'
   * (`{{:Nobots}}` is `:Nobots`), so it never passes for a template.
   */
  name: string;
  params: CallParam[];
  wikitext: string;
  /** Offset of the call in the text it was found in. */
  index: number;
}

export interface Section {
  level: number;
  header: string | null;
  /** Offset of the heading line (0 for the lead). */
  index: number;
  /** The whole section, heading included, up to the next heading of any level. */
  content: string;
}

/** A `<translate>…</translate>` block: `start` at its opening tag, `end` past its closing tag. */
export interface TranslateBlock {
  start: number;
  end: number;
}

/** What the wiki says about its markup: `meta=siteinfo`'s `extensiontags` and `namespaces`. */
export interface WikitextSiteInfo {
  /** Tags such as `<pre>`, `<math>` (with or without the angle brackets). */
  extensionTags: readonly string[];
  /** Namespace id → local name (`""` for the main namespace). */
  namespaces?: Readonly<Record<string, string>>;
  /** Namespace aliases (`{ alias, id }`). */
  namespaceAliases?: ReadonlyArray<{ alias: string; id: number }>;
}

/** Translate's markup is read before the preprocessor runs, so these are known whatever the wiki says. */
const TRANSLATE_TAGS = ['translate', 'tvar', 'languages'];

// deptbot only reads the trees it asks for, never changes them: the parser may then keep each
// node's text and offset once worked out (as its language server does).
Parser.viewOnly = true;

const defaultConfig = Parser.getConfig();
let config: Config = defaultConfig;

/** The first characters of the wiki's redirect words (`#REDIRECT`), in either case. */
let redirectStarts = redirectStartsOf(defaultConfig);

function redirectStartsOf(source: Config): Set<string> {
  return new Set(source.redirection.flatMap((word) => [word.charAt(0).toLowerCase(), word.charAt(0).toUpperCase()]));
}

/** Reads markup as the wiki does: its extension tags and namespace names. Until called, a Wikimedia wiki's. */
export function configureWikitext(site: WikitextSiteInfo): void {
  const tags = site.extensionTags.map((tag) => tag.replace(/^<|>$/g, '').toLowerCase());
  const namespaces = site.namespaces ?? defaultConfig.namespaces;
  const nsid: Record<string, number> = {};
  for (const [id, name] of Object.entries(namespaces)) nsid[name.toLowerCase()] = Number(id);
  for (const { alias, id } of site.namespaceAliases ?? []) nsid[alias.toLowerCase()] = id;
  config = { ...defaultConfig, ext: [...new Set([...tags, ...TRANSLATE_TAGS])], namespaces: { ...namespaces }, nsid };
  redirectStarts = redirectStartsOf(config);
  forgetReadings();
  callsAsOneNode.clear();
}

/** The site facts in an API answer to `meta=siteinfo&siprop=extensiontags|namespaces|namespacealiases`. */
export function wikitextSiteInfo(query: {
  extensiontags?: string[];
  namespaces?: Record<string, { id: number; name: string; canonical?: string }>;
  namespacealiases?: Array<{ id: number; alias: string }>;
}): WikitextSiteInfo {
  const namespaces: Record<string, string> = {};
  const aliases = [...(query.namespacealiases ?? [])];
  for (const namespace of Object.values(query.namespaces ?? {})) {
    namespaces[String(namespace.id)] = namespace.name;
    if (namespace.canonical) aliases.push({ id: namespace.id, alias: namespace.canonical });
  }
  return {
    extensionTags: query.extensiontags ?? defaultConfig.ext,
    namespaces: query.namespaces ? namespaces : undefined,
    namespaceAliases: aliases,
  };
}

/** Back to the built-in configuration (a Wikimedia wiki's tags and namespaces). */
export function resetWikitextConfiguration(): void {
  config = defaultConfig;
  redirectStarts = redirectStartsOf(config);
  forgetReadings();
  callsAsOneNode.clear();
}

/**
 * A template's name as a transclusion names it: without its namespace prefix when it has one (the
 * local name, `Template:` or an alias, as Title parses it); other names keep theirs (`:Main page`).
 */
export function normaliseTemplateName(raw: string): string {
  const { namespace, text } = titleRules().parse(raw);
  if (namespace.id === 10) return text;
  const name = raw.replace(/[\s_]+/g, ' ').trim();
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A heading of the page itself or of one of its `<translate>` blocks. */
interface Heading {
  level: number;
  header: string;
  index: number;
}

/**
 * Everything deptbot asks about one text, gathered in one walk of one parse; the tree is let go as
 * soon as the walk ends. Every query answers from here, so a page is parsed once however many checks
 * (the task's, the exclusion check, the balance check, the transform's) ask about it.
 */
interface Reading {
  templates: Array<TemplateCall & { topLevel: boolean }>;
  headings: Heading[];
  translateBlocks: TranslateBlock[];
  languagesBar: boolean;
  /** Start and end of each outermost node whose content the page does not show as wikitext. */
  inert: Array<[number, number]>;
  unbalanced: string | null;
  /** The text starts with `#REDIRECT [[…]]`, which the parser reads as one node. */
  redirect: boolean;
}

/**
 * Which kinds of markup a text can hold at all, from the characters each kind needs: a template call
 * a `{`, a Translate tag or block `<translate` or `</translate`, a language bar `<languages`, an
 * unclosed `<includeonly>` its opening tag, a redirect one of the redirect words first. A comment the
 * parser leaves unclosed needs a `<!--` with no `-->` after it before the next `<` (the end of an
 * extension tag around it is a `<`). A text without them has none of those, and the queries about
 * them answer without a parse. The parser drops \0 and \x7F from a text before reading it, so a
 * text with either counts as holding everything (test/unit/wikitext/markup-signs.test.ts).
 */
interface MarkupSigns {
  braces: boolean;
  unclosedComment: boolean;
  includeonly: boolean;
  translate: boolean;
  languages: boolean;
  redirect: boolean;
}

const ANY_MARKUP: MarkupSigns = { braces: true, unclosedComment: true, includeonly: true, translate: true, languages: true, redirect: true };

/** Whether the text may start with a redirect: its first character after white space is one a redirect word starts with. */
function mayStartWithRedirect(text: string): boolean {
  return redirectStarts.has(text.trimStart().charAt(0));
}

/** Whether the comment opened at `start` may be left unclosed: no `-->` follows it before the next `<`. */
function mayStayOpen(text: string, start: number): boolean {
  const end = text.indexOf('-->', start + 4);
  const nextTag = text.indexOf('<', start + 4);
  return end === -1 || (nextTag !== -1 && nextTag < end);
}

/** Found with indexOf rather than one regular expression over the text: several times faster on a page. */
function signsOf(text: string): MarkupSigns {
  if (text.includes('\0') || text.includes('\x7F')) return { ...ANY_MARKUP };
  const signs: MarkupSigns = { braces: false, unclosedComment: false, includeonly: false, translate: false, languages: false, redirect: false };
  signs.redirect = mayStartWithRedirect(text);
  signs.braces = text.includes('{') || text.includes('}');
  for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at + 1)) {
    const tag = text.slice(at + 1, at + 12).toLowerCase();
    if (tag.startsWith('!--')) signs.unclosedComment ||= mayStayOpen(text, at);
    else if (tag.startsWith('translate') || tag.startsWith('/translate')) signs.translate = true;
    else if (tag.startsWith('languages')) signs.languages = true;
    else if (tag.startsWith('includeonly')) signs.includeonly = true;
  }
  return signs;
}

/** What is known of a text: its markup signs, and once parsed its reading (or why it could not be parsed). */
interface PageModel {
  signs: MarkupSigns;
  parsed?: boolean;
  reading?: Reading;
  failure?: unknown;
  sections?: Section[];
}

/**
 * What was read from the texts most recently asked about. A task reads a part's pages (up to 500)
 * before the framework checks each of them and its new text, so a run's part fits; the run lets go of
 * a part's readings when it is done with them (forgetReadings). Only facts are kept, never a tree.
 */
const models = new Map<string, PageModel>();
const MODELS_KEPT = 1024;

/** Lets go of every reading kept so far (the run calls it after each part). */
export function forgetReadings(): void {
  models.clear();
}

function modelOf(text: string): PageModel {
  let model = models.get(text);
  if (model) {
    // Asked again: kept longest.
    models.delete(text);
    models.set(text, model);
    return model;
  }
  model = { signs: signsOf(text) };
  models.set(text, model);
  if (models.size > MODELS_KEPT) models.delete(models.keys().next().value as string);
  return model;
}

/** The text's model, parsed. */
function parsedModelOf(text: string): PageModel {
  const model = modelOf(text);
  if (!model.parsed) {
    model.parsed = true;
    try {
      model.reading = readText(text);
    } catch (error) {
      model.failure = error;
    }
  }
  return model;
}

function readingOf(text: string): Reading {
  const model = parsedModelOf(text);
  if (!model.reading) throw model.failure;
  return model.reading;
}

function signsOfText(text: string): MarkupSigns {
  return modelOf(text).signs;
}

/** What wikiparser-node reads of process.memoryUsage(): the heap in use, which V8 tells cheaply. */
function heapInUse(): NodeJS.MemoryUsage {
  return { heapUsed: getHeapStatistics().used_heap_size, heapTotal: 0, rss: 0, external: 0, arrayBuffers: 0 };
}

/**
 * wikiparser-node guards against a runaway parse by asking process.memoryUsage() for the heap in
 * use at every brace it reads; that call also reads the process's RSS from the system (about 8 µs)
 * and took most of a plan's time. The parse is synchronous, so for its duration the same
 * question is answered from V8's heap statistics alone (0.5 µs), and the guard still holds.
 */
function parseWithCheapHeapCheck(text: string): Token {
  const memoryUsage = process.memoryUsage;
  process.memoryUsage = Object.assign(heapInUse, { rss: memoryUsage.rss });
  // As the parser's own lint and print do: no guards against changes to the tree (a property
  // sealed and an event listener per node), which deptbot never makes.
  const parser = Parser as typeof Parser & { internal: boolean };
  const internal = parser.internal;
  parser.internal = true;
  try {
    return Parser.parse(text, false, 2, config);
  } finally {
    parser.internal = internal;
    process.memoryUsage = memoryUsage;
  }
}

const TRANSCLUSIONS = new Set(['template', 'magic-word', 'arg']);
/** The nodes whose headings are the page's sections: the page, and Translate's blocks (Translate takes its tags out first). */
const SECTION_SCOPES = new Set(['root', 'translate', 'translate-inner']);

/**
 * Whether a node's content is not wikitext as the page shows it: comments, `<includeonly>`
 * content, and extension tags whose content the extension takes as it is (`<nowiki>`, `<pre>`,
 * `<math>`, `<syntaxhighlight>`, …; the parser reads the others', such as `<ref>`, as wikitext).
 */
function isInert(node: AstNodes): boolean {
  if (node.type === 'comment' || node.type === 'include') return true;
  if (node.type !== 'ext') return false;
  const inner = node.lastChild;
  return inner !== null && inner !== undefined && inner.type === 'ext-inner' && inner.childNodes.every((child) => child.type === 'text');
}

function templateName(call: Token): string {
  const title = String(call.name ?? '').replace(/_/g, ' ');
  const templateNamespace = `${config.namespaces['10'] ?? 'Template'}:`;
  return title.startsWith(templateNamespace) ? title.slice(templateNamespace.length) : `:${title}`;
}

function paramsOf(call: Token): CallParam[] {
  return call.childNodes.slice(1).map((node) => {
    const param = node as Token & { anon: boolean };
    return { name: String(param.name ?? '').trim(), value: String(param.lastChild ?? ''), positional: param.anon };
  });
}

/** The title of a heading as written between its `=` signs, trimmed. */
function headingTitle(heading: AstNodes): string {
  return String(heading.firstChild ?? '').trim();
}

/** Where a node sits: what its ancestors make of it. */
interface Place {
  /** Inside a template call, parser function or parameter. */
  inTransclusion: boolean;
  /** Inside a tag's attributes, where braces and unclosed tags do not count for balance. */
  inAttributes: boolean;
  /** Every ancestor is the page or a `<translate>` block: a heading here is a section's. */
  inSectionScope: boolean;
  inTranslate: boolean;
}

/** What the walk gathers besides the reading: the braces and Translate tags paired with nothing. */
interface Gathering {
  reading: Reading;
  strays: StrayMarkup;
  unclosed: string | null;
}

/** Notes what one (shown) node is: a call, a heading, a `<translate>` block, a language bar, stray markup. */
function noteNode(node: AstNodes, offset: NodeOffset, place: Place, gathering: Gathering): void {
  const { reading } = gathering;
  switch (node.type) {
    case 'template': {
      const call = node as Token;
      reading.templates.push({ name: templateName(call), params: paramsOf(call), wikitext: String(call), index: offset.start, topLevel: !place.inTransclusion });
      break;
    }
    case 'heading':
      if (place.inSectionScope) reading.headings.push({ level: Number((node as Token & { level: number }).level), header: headingTitle(node), index: offset.start });
      break;
    case 'translate':
      if (!place.inTranslate) {
        const { start } = offset;
        reading.translateBlocks.push({ start, end: start + String(node).length });
      }
      break;
    case 'text':
      if (!place.inAttributes) collectStrays(node, offset, gathering.strays);
      break;
  }
}

/**
 * Where a node starts, worked out only when asked: most nodes (plain text) never are. Tags of a pair
 * (`<translate>`, `<pre>`) are no child of theirs: the parser knows the offsets. It works out a
 * child's offset by adding up the children before it, afresh for each child asked about unless it
 * has them all already: asked first for the offset past the last child, it keeps every child's
 * (viewOnly), so a report of 10,000 sections is read in linear time, not quadratic (minutes). Only
 * the children asked about are then looked up.
 */
class NodeOffset {
  private known?: number;
  private childrenKept = false;

  constructor(
    private readonly node: AstNodes,
    private readonly parent?: NodeOffset,
    private readonly index = 0,
  ) {}

  get start(): number {
    this.known ??= this.parent ? this.parent.childStart(this.index) : 0;
    return this.known;
  }

  private childStart(index: number): number {
    if (!this.childrenKept) {
      this.childrenKept = true;
      const count = this.node.childNodes.length;
      if (count > 1) this.node.getRelativeIndex(count);
    }
    return this.start + this.node.getRelativeIndex(index);
  }
}

function visitNode(node: AstNodes, offset: NodeOffset, place: Place, gathering: Gathering): void {
  if (!place.inAttributes) gathering.unclosed ??= unclosedTagReason(node, offset);
  // `<languages/>` has no content: it counts as inert, and still is the language bar.
  if (node.type === 'ext' && node.name === 'languages') gathering.reading.languagesBar = true;
  if (isInert(node)) {
    const { start } = offset;
    gathering.reading.inert.push([start, start + String(node).length]);
    return;
  }
  noteNode(node, offset, place, gathering);
  if (node.childNodes.length === 0) return;
  const { type } = node;
  const inner: Place = {
    inTransclusion: place.inTransclusion || TRANSCLUSIONS.has(type),
    inAttributes: place.inAttributes || type.endsWith('-attrs') || type === 'translate-attr',
    inSectionScope: place.inSectionScope && SECTION_SCOPES.has(type),
    inTranslate: place.inTranslate || type === 'translate',
  };
  node.childNodes.forEach((child, index) => visitNode(child, new NodeOffset(child, offset, index), inner, gathering));
}

/** Parses the text once and walks its tree once, in document order. */
function readText(text: string): Reading {
  const reading: Reading = { templates: [], headings: [], translateBlocks: [], languagesBar: false, inert: [], unbalanced: null, redirect: false };
  const gathering: Gathering = { reading, strays: { opens: [], closes: [], translateOpens: [], translateCloses: [] }, unclosed: null };
  const root = parseWithCheapHeapCheck(text);
  reading.redirect = root.firstChild?.type === 'redirect';
  visitNode(root, new NodeOffset(root), { inTransclusion: false, inAttributes: false, inSectionScope: true, inTranslate: false }, gathering);
  reading.unbalanced = gathering.unclosed ?? strayReason(gathering.strays, reading.translateBlocks.length);
  return reading;
}

/**
 * Templates called in the text, in the order they are written. Without `recursive`, only those not
 * inside another template call, parser function or parameter. Calls the page does not show (in a
 * comment, `<nowiki>`, `<pre>` or another extension tag that takes its content as it is, or in
 * `<includeonly>`) are not calls. `{{msg:X}}` calls X; `{{subst:X}}` too (until saved).
 */
export function findTemplates(text: string, options: { recursive?: boolean } = {}): TemplateCall[] {
  if (!signsOfText(text).braces) return [];
  const calls = readingOf(text).templates;
  return calls.filter((call) => options.recursive || call.topLevel).map(({ topLevel, ...call }) => call);
}

/**
 * Sections as MediaWiki counts them: headings of the page itself and of its `<translate>` blocks
 * (Translate takes its tags out before the preprocessor), not those inside a template's arguments,
 * a comment or an extension tag.
 */
export function findSections(text: string): Section[] {
  const model = modelOf(text);
  if (!model.sections) {
    const { headings } = readingOf(text);
    const starts = [...headings.map((heading) => heading.index), text.length];
    model.sections = [
      { level: 1, header: null, index: 0, content: text.slice(0, starts[0]) },
      ...headings.map((heading, n) => ({ ...heading, content: text.slice(heading.index, starts[n + 1]) })),
    ];
  }
  return model.sections;
}

/** The page's `<translate>` blocks, in order. Translate has no nested blocks. */
export function findTranslateBlocks(text: string): TranslateBlock[] {
  if (!signsOfText(text).translate) return [];
  return readingOf(text).translateBlocks;
}

/** Whether the text starts with a redirect (`#REDIRECT [[Target]]`), as the parser reads it. */
export function startsWithRedirect(text: string): boolean {
  return signsOfText(text).redirect && readingOf(text).redirect;
}

/** Whether the page carries Translate markup: a `<translate>` block or a `<languages/>` bar. */
export function hasTranslateMarkup(text: string): boolean {
  const signs = signsOfText(text);
  if (!signs.translate && !signs.languages) return false;
  const reading = readingOf(text);
  return reading.languagesBar || reading.translateBlocks.length > 0;
}

/**
 * The text with everything the page does not show as wikitext (comments, `<includeonly>`,
 * extension tags that take their content as it is) replaced by spaces, newlines kept, so offsets
 * still match.
 */
export function maskInert(text: string): string {
  const parts: string[] = [];
  let done = 0;
  for (const [start, end] of readingOf(text).inert) {
    parts.push(text.slice(done, start), text.slice(start, end).replace(/[^\n]/g, ' '));
    done = end;
  }
  return parts.join('') + text.slice(done);
}

/** Braces and Translate tags that the parse paired with nothing: MediaWiki shows them as text. */
interface StrayMarkup {
  opens: number[];
  closes: number[];
  translateOpens: number[];
  translateCloses: number[];
}

const STRAY_PATTERNS: ReadonlyArray<[keyof StrayMarkup, RegExp]> = [
  ['opens', /\{\{/g],
  ['closes', /\}\}/g],
  ['translateOpens', /<translate\b[^>]*>/gi],
  ['translateCloses', /<\/translate\s*>/gi],
];

function collectStrays(node: AstNodes, offset: NodeOffset, strays: StrayMarkup): void {
  const data = String(node);
  if (!data.includes('{{') && !data.includes('}}') && !/translate/i.test(data)) return;
  const { start } = offset;
  for (const [kind, pattern] of STRAY_PATTERNS) {
    for (const found of data.matchAll(pattern)) strays[kind].push(start + (found.index ?? 0));
  }
}

function unclosedTagReason(node: AstNodes, offset: NodeOffset): string | null {
  if ((node as Token & { closed?: boolean }).closed !== false) return null;
  const { start } = offset;
  if (node.type === 'comment') return `an HTML comment opened at offset ${start} is never closed`;
  if (node.type === 'include' && node.name === 'includeonly') return `an <includeonly> opened at offset ${start} is never closed`;
  return null;
}

function strayReason(strays: StrayMarkup, blocks: number): string | null {
  if (strays.closes.length) return `a "}}" at offset ${strays.closes[0]} closes a template that was never opened`;
  if (strays.opens.length) return `${strays.opens.length} template call(s) opened with "{{" are never closed`;
  const opened = blocks + strays.translateOpens.length;
  const closed = blocks + strays.translateCloses.length;
  if (opened !== closed) return `<translate> tags are unbalanced (${opened} opened, ${closed} closed)`;
  if (strays.translateCloses.length) return `a </translate> at offset ${strays.translateCloses[0]} closes no <translate>`;
  return null;
}

/**
 * Why the text cannot be edited safely, or null when it can. MediaWiki shows braces and Translate
 * tags that pair with nothing as text; the bot does not guess what the author meant: a "}}" or
 * "{{" that the preprocessor pairs with nothing, a <translate> or </translate> that Translate pairs
 * with nothing (or a <translate> inside another), and a comment or <includeonly> that runs to the
 * end of the page (anything added after it would not show).
 */
export function findUnbalancedMarkup(text: string): string | null {
  const { braces, unclosedComment, includeonly, translate } = signsOfText(text);
  if (!braces && !unclosedComment && !includeonly && !translate) return null;
  // A long text not parsed yet is checked in parts where that gives the same verdict (balance-in-parts.ts);
  // not one the parser would change before reading it (it drops \0, \x7F and \r at line ends: offsets move).
  const parsed = models.get(text)?.parsed === true;
  if (text.length >= LONG_TEXT && !parsed && !/[\0\x7F\r]/.test(text) && balancedInParts(text, wikitextPartChecks)) return null;
  const model = parsedModelOf(text);
  if (model.reading) return model.reading.unbalanced;
  const { failure } = model;
  return `the wikitext could not be parsed (${failure instanceof Error ? failure.message : String(failure)})`;
}

/** How findUnbalancedMarkup checks a long text's parts. */
export const wikitextPartChecks: PartChecks = {
  verdictOf(part) {
    try {
      return readText(part).unbalanced;
    } catch (error) {
      return `the wikitext could not be parsed (${error instanceof Error ? error.message : String(error)})`;
    }
  },
  tagNames: () => config.ext,
  mayStartWithRedirect,
  isOneNode(call) {
    let known = callsAsOneNode.get(call);
    if (known === undefined) {
      const root = parseWithCheapHeapCheck(call);
      const [node] = root.childNodes;
      known = root.childNodes.length === 1 && TRANSCLUSIONS.has(node.type) && String(node) === call;
      if (callsAsOneNode.size >= CALLS_KEPT) callsAsOneNode.clear();
      callsAsOneNode.set(call, known);
    }
    return known;
  },
};

/**
 * Calls written over before a check (a few hundred languages, a schedule's dates) and whether the
 * parser makes one node of each; let go of when more than CALLS_KEPT were asked about.
 */
const callsAsOneNode = new Map<string, boolean>();
const CALLS_KEPT = 4096;
