// historical-banner as a per-page task: the pages of the retired departments are its targets (found
// from the template, the settings' pages and the site facts, read once per run); a part is read with
// the base pages that tell whether its pages are translations; one page gets its banner, or is left
// alone saying why. tasks/historical-banner/README.md explains the decisions.
import type { Conclusion, PageTarget, Targets, Treatment } from '../../src/core/per-page';
import type { EditAction, SkipAction, TaskContext } from '../../src/core/task';
import { errorMessage } from '../../src/core/errors';
import type { EditRow, LedgerRecord } from '../../src/ledger/records';
import type { PageState, WikiReader } from '../../src/wiki/client';
import { listPagesWithPrefix, readPagesTranscluding } from '../../src/wiki/reader';
import { bannerRemovedRecord, findRemoval, lastBannerEdit, readRevisionsAfter, type Removal } from './banner-removal';
import { bannerNames, ensureBanner, findBanners } from './ensure-banner';
import { bannerParameters, bannerSummary, renderBanner, retiredFrom } from './render-banner';
import type { HistoricalBannerSettings, RetiredDepartment } from './settings';
import { readSiteFacts, type SiteFacts } from './site-facts';
import { isTranslatableSource, languageSubpage, translationSourceOf } from './translation-pages';

type Ctx = TaskContext<HistoricalBannerSettings>;

interface DepartmentRoot {
  department: RetiredDepartment;
  root: PageState;
}

/** A department while its pages are treated: its banner, and how many pages it has. */
interface DepartmentBanner {
  title: string;
  pages: number;
  banner: string;
  summary: string;
}

export interface BannerTarget extends PageTarget {
  department: DepartmentBanner;
}

/** What every page needs, found before any department page is read. */
export interface BannerTargets extends Targets<BannerTarget> {
  departments: DepartmentBanner[];
  facts?: SiteFacts;
  names: ReadonlySet<string>;
  /** The template, department and active pages read at the start (a handful): base pages found here are not read again. */
  settingsPages: ReadonlyMap<string, PageState>;
}

/** A department page as read: the page, the source page when it is a translation page, and the task's edits on it in the ledger. */
export interface DepartmentPage {
  page: PageState;
  /** The page as rendered transcludes the banner template (the wiki's template links), whatever its text calls. */
  showsBanner: boolean;
  translationSource: string | null;
  /** Oldest first; asked for the whole part at once when it is read. */
  botEdits: EditRow[];
}

/** What a page showed for its department's log line. */
export interface BannerFound {
  department: DepartmentBanner;
  hasBanner: boolean;
}

function skip(title: string, reason: string): SkipAction {
  return { kind: 'skip', title, reason };
}

/** The part of a title after its namespace prefix, which is what list=allpages takes as `apprefix`. */
function titleInNamespace(page: PageState): string {
  return page.namespace === 0 ? page.title : page.title.slice(page.title.indexOf(':') + 1);
}

function listSubpages(wiki: WikiReader, root: PageState): Promise<string[]> {
  return listPagesWithPrefix(wiki, root.namespace, `${titleInNamespace(root)}/`);
}

/** Each department's banner, and its pages (the root first, then its subpages, listed, not read); a page listed under two departments is treated once, for the first. */
async function departmentTargets(ctx: Ctx, roots: readonly DepartmentRoot[], activeTitles: ReadonlySet<string>) {
  const { settings } = ctx;
  const departments: DepartmentBanner[] = [];
  const targets: BannerTarget[] = [];
  const listed = new Set<string>();
  for (const { department, root } of roots) {
    const titles = [root.title, ...(department.includeSubpages ? await listSubpages(ctx.wiki, root) : [])];
    const named = { ...department, title: root.title };
    const banner: DepartmentBanner = {
      title: root.title,
      pages: titles.length,
      banner: renderBanner(settings.template, bannerParameters(settings.parameters, named)),
      summary: bannerSummary(settings.template, named),
    };
    departments.push(banner);
    // An active page is reported in the first part if it carries a banner, and never given one.
    for (const title of titles.filter((t) => !listed.has(t) && !activeTitles.has(t))) targets.push({ title, department: banner });
    for (const title of titles) listed.add(title);
  }
  return { departments, targets };
}

/** The settings' active pages that carry the banner: reported, never edited. */
function activePagesWithBanner(settings: HistoricalBannerSettings, pages: ReadonlyMap<string, PageState>, names: ReadonlySet<string>) {
  const skips: SkipAction[] = [];
  const notes: string[] = [];
  for (const title of settings.active) {
    const page = pages.get(title);
    if (!page?.exists || page.text === null || findBanners(page.text, names).length === 0) continue;
    skips.push(skip(page.title, `carries {{${settings.template}}} although the settings list it as active; reported, never removed by the bot`));
    notes.push(`"${page.title}" carries {{${settings.template}}} but the settings list it as an active department page: please check it`);
  }
  return { skips, notes };
}

/** The retired departments whose date has come, with a note for each whose date has not. */
function dueDepartments(ctx: Ctx): { due: RetiredDepartment[]; notes: string[] } {
  const due = ctx.settings.retired.filter((department) => retiredFrom(department.retiredOn) <= ctx.now);
  const notes = ctx.settings.retired
    .filter((d) => !due.includes(d))
    .map((department) => `${department.title} is listed as retired on ${department.retiredOn}, which has not come yet; no banners until then`);
  return { due, notes };
}

/** Each due department's root page, or why it has none. */
function departmentRoots(due: readonly RetiredDepartment[], settingsPages: ReadonlyMap<string, PageState>): { roots: DepartmentRoot[]; skips: SkipAction[] } {
  const roots: DepartmentRoot[] = [];
  const skips: SkipAction[] = [];
  for (const department of due) {
    const root = settingsPages.get(department.title);
    if (root?.exists && !root.isRedirect) roots.push({ department, root });
    else skips.push(skip(root?.title ?? department.title, `"${department.title}" ${root?.exists ? 'is a redirect' : 'does not exist'}; check the settings`));
  }
  return { roots, skips };
}

/**
 * The department pages, found before any is read: the template, the settings' pages and the site
 * facts first (the template missing stops there), then each department's subpage titles.
 */
export async function bannerTargets(ctx: Ctx): Promise<BannerTargets> {
  const { settings, wiki } = ctx;
  const { due, notes } = dueDepartments(ctx);
  const templateTitle = `Template:${settings.template}`;
  const settingsPages = await wiki.readPages([templateTitle, ...due.map((d) => d.title), ...settings.active]);
  if (!settingsPages.get(templateTitle)?.exists) {
    return {
      targets: [],
      skips: due.map((d) => skip(d.title, `${templateTitle} does not exist on the wiki`)),
      notes: [...notes, `${templateTitle} does not exist on the wiki, so no banner was planned`],
      departments: [],
      names: new Set(),
      settingsPages,
    };
  }
  const { roots, skips } = departmentRoots(due, settingsPages);
  const facts = await readSiteFacts(wiki, settings.template, roots.map((r) => r.root.title));
  const names = bannerNames(settings.template, facts.bannerRedirects);
  const active = activePagesWithBanner(settings, settingsPages, names);
  const activeTitles = new Set(settings.active.map((title) => settingsPages.get(title)?.title ?? title));
  const { departments, targets } = await departmentTargets(ctx, roots, activeTitles);
  return { targets, skips: [...skips, ...active.skips], notes: [...notes, ...active.notes], departments, facts, names, settingsPages };
}

/**
 * Reads a part's pages (batched), with the base pages translation detection needs that are neither
 * in it nor read at the start, and tells for each whether it is a translation page.
 */
export async function readDepartmentPages(part: readonly BannerTarget[], ctx: Ctx, found: BannerTargets): Promise<Map<string, DepartmentPage>> {
  const { facts, settingsPages } = found;
  if (!facts) return new Map();
  const titles = part.map((t) => t.title);
  // Without Translate, a translation page is recognised by its base page's <translate> markup.
  const bases = facts.translatablePages ? [] : titles.flatMap((title) => languageSubpage(title, facts.languageCodes)?.base ?? []);
  const read = await readPagesTranscluding(ctx.wiki, [...titles, ...bases.filter((base) => !settingsPages.has(base))], `Template:${ctx.settings.template}`);
  const textOf = (title: string) => (read.get(title)?.page ?? settingsPages.get(title))?.text ?? null;
  const edits = ctx.ledger.editsOnPages(titles.flatMap((title) => read.get(title)?.page.title ?? []), ctx.taskName);
  return new Map(
    titles.flatMap((title): Array<[string, DepartmentPage]> => {
      const found = read.get(title);
      if (!found) return [];
      const { page, transcludes } = found;
      return [[title, { page, showsBanner: transcludes, translationSource: translationSourceOf(page.title, facts, textOf), botEdits: edits.get(page.title) ?? [] }]];
    }),
  );
}

async function findRemovalSafely(ctx: Ctx, title: string, revId: number, names: ReadonlySet<string>): Promise<Removal | null> {
  try {
    return findRemoval(await readRevisionsAfter(ctx.wiki, title, revId), names);
  } catch (error) {
    ctx.log.warn('page history unreadable', { page: title, revId, error: errorMessage(error) });
    return null;
  }
}

/** A banner the bot added and a person removed: humans win, so it is not put back; the signal lets talk-reminders ask. */
async function bannerRemoved(ctx: Ctx, title: string, revId: number, names: ReadonlySet<string>): Promise<Treatment<never>> {
  const template = ctx.settings.template;
  const removal = await findRemovalSafely(ctx, title, revId, names);
  const by = removal ? ` in revision ${removal.revId}${removal.user ? ` by ${removal.user}` : ''}` : '';
  const record: LedgerRecord = bannerRemovedRecord(title, template, revId, removal);
  return {
    action: skip(title, `the {{${template}}} the bot added in revision ${revId} was removed${by}; humans win, so it is not put back (signal banner-removed)`),
    records: [record],
  };
}

/** One department page: its banner added, found there, or left alone saying why. */
export async function treatDepartmentPage(read: DepartmentPage | undefined, target: BannerTarget, ctx: Ctx, _work: undefined, found: BannerTargets): Promise<Treatment<BannerFound>> {
  if (!read || !found.facts) return { action: skip(target.title, 'the wiki did not return this page') };
  const { page, translationSource: source } = read;
  const { banner, summary } = target.department;
  const names = found.names;
  if (!page.exists) return { action: skip(page.title, `"${page.title}" does not exist`) };
  if (page.isRedirect) return { action: skip(page.title, `"${page.title}" is a redirect; the banner belongs on its target`) };
  if (source !== null) {
    const reason = `translation page of "${source}": Translate does not allow editing it; the banner reaches it when "${source}" is next marked for translation`;
    return { action: skip(page.title, reason) };
  }
  const text = page.text ?? '';
  // One parse per page (DESIGN §5): ensureBanner gives back a page that has the banner unchanged.
  // It skips unbalanced markup before looking for banners, and such a page with a banner is left alone.
  const planned = ensureBanner(text, banner, names);
  const inText = 'skip' in planned ? findBanners(text, names).length > 0 : planned.text === text;
  const gathered = { department: target.department, hasBanner: inText || read.showsBanner };
  // A page whose markup the writer will not touch is left out rather than reported as skipped.
  if (inText) return 'skip' in planned ? { gathered } : { action: upToDate(page.title, summary), gathered };
  // Readers see the banner already, from a template that calls it: a second one would show twice.
  if (read.showsBanner) return { action: skip(page.title, shownThroughAnotherTemplate(page.title, ctx.settings.template)), gathered };
  const added = lastBannerEdit(read.botEdits);
  if (added?.newRevId) return { ...(await bannerRemoved(ctx, page.title, added.newRevId, names)), gathered };
  if ('skip' in planned) return { action: skip(page.title, `"${page.title}": ${planned.skip}`), gathered };
  const edit: EditAction = {
    kind: 'edit',
    title: page.title,
    summary,
    // The writer first runs this on the text planned from, so that result is reused rather than
    // parsed again. Re-run on fresh text after a conflict: a banner a human added meanwhile makes it a no-op.
    transform: (fresh) => (fresh === text ? planned : ensureBanner(fresh, banner, names)),
    // Translations show the banner only once the source is marked again (the writer does it, or says why not).
    markForTranslation: isTranslatableSource(page.title, text, found.facts),
  };
  return { action: edit, gathered };
}

/** Once every page is treated: a log line per department, with how many of its pages carry the banner. */
export function logDepartments(found: BannerFound[], ctx: Ctx, { departments }: BannerTargets): Conclusion {
  const withBanner = new Map<DepartmentBanner, number>();
  for (const { department, hasBanner } of found) if (hasBanner) withBanner.set(department, (withBanner.get(department) ?? 0) + 1);
  for (const department of departments) {
    ctx.log.info('retired department checked', { department: department.title, pages: department.pages, withBanner: withBanner.get(department) ?? 0 });
  }
  return {};
}

/** Why a page the banner reaches through another template it calls is left alone. */
function shownThroughAnotherTemplate(title: string, template: string): string {
  return `"${title}" shows {{${template}}} through another template it calls (the wiki's template links); a second banner would show twice`;
}

/** A page that has its banner: checked and found up to date (the writer counts it so, and saves nothing). */
function upToDate(title: string, summary: string): EditAction {
  return { kind: 'edit', title, summary, transform: (fresh) => ({ text: fresh }) };
}
