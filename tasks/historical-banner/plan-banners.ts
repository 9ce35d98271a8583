// historical-banner's plan: the template, settings pages and site facts first, then the department
// pages in parts, each read and planned on its own. tasks/historical-banner/README.md explains the decisions.
import { partsOf, type Action, type EditAction, type TaskContext, type TaskPlan } from '../../src/core/task';
import { errorMessage } from '../../src/core/errors';
import type { LedgerRecord } from '../../src/ledger/records';
import type { PageState, WikiReader } from '../../src/wiki/client';
import { listPagesWithPrefix } from '../../src/wiki/reader';
import { bannerRemovedRecord, findRemoval, lastBannerEdit, readRevisionsAfter, type Removal } from './banner-removal';
import { bannerNames, ensureBanner, findBanners } from './ensure-banner';
import { bannerParameters, bannerSummary, renderBanner, retiredFrom } from './render-banner';
import type { HistoricalBannerSettings, RetiredDepartment } from './settings';
import { readSiteFacts, type SiteFacts } from './site-facts';
import { isTranslatableSource, languageSubpage, translationSourceOf } from './translation-pages';

type Ctx = TaskContext<HistoricalBannerSettings>;

interface DepartmentPages {
  department: RetiredDepartment;
  root: PageState;
  /** The root first, then its subpages in the wiki's order. */
  titles: string[];
}

/** What one page needs: an action (edit, skip, or an edit that finds the page up to date), perhaps a signal. */
interface PagePlan {
  action?: Action;
  record?: LedgerRecord;
  /** The page carries the banner already (under any name). */
  hasBanner?: boolean;
}

function skip(title: string, reason: string): PagePlan {
  return { action: { kind: 'skip', title, reason } };
}

/** The part of a title after its namespace prefix, which is what list=allpages takes as `apprefix`. */
function titleInNamespace(page: PageState): string {
  return page.namespace === 0 ? page.title : page.title.slice(page.title.indexOf(':') + 1);
}

function listSubpages(wiki: WikiReader, root: PageState): Promise<string[]> {
  return listPagesWithPrefix(wiki, root.namespace, `${titleInNamespace(root)}/`);
}

/** Each department's pages, titles only: the root first, then its subpages (listed, not read). */
async function listDepartmentPages(wiki: WikiReader, roots: ReadonlyArray<Omit<DepartmentPages, 'titles'>>): Promise<DepartmentPages[]> {
  const result: DepartmentPages[] = [];
  for (const { department, root } of roots) {
    const subpages = department.includeSubpages ? await listSubpages(wiki, root) : [];
    result.push({ department, root, titles: [root.title, ...subpages] });
  }
  return result;
}

/** A department while its pages are planned: its banner, and a count for its log line. */
interface DepartmentBanner {
  title: string;
  pages: number;
  banner: string;
  summary: string;
  withBanner: number;
}

interface PageToPlan {
  title: string;
  department: DepartmentBanner;
}

/** What every part of the plan needs, found before any department page is read. */
interface PartInputs {
  facts: SiteFacts;
  names: ReadonlySet<string>;
  activeTitles: ReadonlySet<string>;
  /** The template, department and active pages read at the start (a handful): base pages found here are not read again. */
  settingsPages: ReadonlyMap<string, PageState>;
}

interface PartPlan {
  actions: Action[];
  records: LedgerRecord[];
}

/** Reads one part's pages (batched), plus the base pages translation detection needs that are neither in it nor read at the start. */
async function readPartPages(wiki: WikiReader, titles: readonly string[], inputs: PartInputs): Promise<Map<string, PageState>> {
  const { facts, settingsPages } = inputs;
  // Without Translate, a translation page is recognised by its base page's <translate> markup.
  const bases = facts.translatablePages ? [] : titles.flatMap((title) => languageSubpage(title, facts.languageCodes)?.base ?? []);
  return wiki.readPages([...new Set([...titles, ...bases.filter((base) => !settingsPages.has(base))])]);
}

/** Plans one part of the department pages from a read of its own, which is let go with the part. */
async function planPart(ctx: Ctx, part: readonly PageToPlan[], inputs: PartInputs): Promise<PartPlan> {
  const { facts, names, activeTitles, settingsPages } = inputs;
  const pages = await readPartPages(ctx.wiki, part.map((p) => p.title), inputs);
  const textOf = (title: string) => (pages.get(title) ?? settingsPages.get(title))?.text ?? null;
  const result: PartPlan = { actions: [], records: [] };
  for (const { title, department } of part) {
    const page = pages.get(title);
    if (!page) {
      result.actions.push({ kind: 'skip', title, reason: 'the wiki did not return this page' });
      continue;
    }
    if (activeTitles.has(page.title)) continue; // reported in the first part if it carries a banner; never given one
    const plan = await planPage(ctx, { page, facts, names, textOf, banner: department.banner, summary: department.summary });
    if (plan.action) result.actions.push(plan.action);
    if (plan.hasBanner) department.withBanner++;
    if (plan.record) result.records.push(plan.record);
  }
  return result;
}

async function findRemovalSafely(ctx: Ctx, title: string, revId: number, names: ReadonlySet<string>): Promise<Removal | null> {
  try {
    return findRemoval(await readRevisionsAfter(ctx.wiki, title, revId), names);
  } catch (error) {
    ctx.log.warn('page history unreadable', { page: title, revId, error: errorMessage(error) });
    return null;
  }
}

interface PageInputs {
  page: PageState;
  facts: SiteFacts;
  names: ReadonlySet<string>;
  textOf: (title: string) => string | null;
  banner: string;
  summary: string;
}

async function planPage(ctx: Ctx, inputs: PageInputs): Promise<PagePlan> {
  const { page, facts, names, banner } = inputs;
  const template = ctx.settings.template;
  if (!page.exists) return skip(page.title, `"${page.title}" does not exist`);
  if (page.isRedirect) return skip(page.title, `"${page.title}" is a redirect; the banner belongs on its target`);
  const source = translationSourceOf(page.title, facts, inputs.textOf);
  if (source !== null) {
    return skip(
      page.title,
      `translation page of "${source}": Translate does not allow editing it; the banner reaches it when "${source}" is next marked for translation`,
    );
  }
  const text = page.text ?? '';
  // One parse per page (DESIGN §5): ensureBanner gives back a page that has the banner unchanged.
  // It skips unbalanced markup before looking for banners, and such a page with a banner is left alone.
  const planned = ensureBanner(text, banner, names);
  const hasBanner = 'skip' in planned ? findBanners(text, names).length > 0 : planned.text === text;
  // A page whose markup the writer will not touch is left out rather than reported as skipped.
  if (hasBanner) return 'skip' in planned ? { hasBanner } : { action: upToDate(page.title, inputs.summary), hasBanner };
  const added = lastBannerEdit(ctx.ledger.editsOn(page.title, ctx.taskName));
  if (added?.newRevId) {
    const removal = await findRemovalSafely(ctx, page.title, added.newRevId, names);
    const by = removal ? ` in revision ${removal.revId}${removal.user ? ` by ${removal.user}` : ''}` : '';
    return {
      ...skip(
        page.title,
        `the {{${template}}} the bot added in revision ${added.newRevId} was removed${by}; humans win, so it is not put back (signal banner-removed)`,
      ),
      record: bannerRemovedRecord(page.title, template, added.newRevId, removal),
    };
  }
  if ('skip' in planned) return skip(page.title, `"${page.title}": ${planned.skip}`);
  const edit: EditAction = {
    kind: 'edit',
    title: page.title,
    summary: inputs.summary,
    // The writer first runs this on the text planned from, so that result is reused rather than
    // parsed again. Re-run on fresh text after a conflict: a banner a human added meanwhile makes it a no-op.
    transform: (fresh) => (fresh === text ? planned : ensureBanner(fresh, banner, names)),
    // Translations show the banner only once the source is marked again (the writer does it, or says why not).
    markForTranslation: isTranslatableSource(page.title, text, facts),
  };
  return { action: edit };
}

function activePagePlans(settings: HistoricalBannerSettings, pages: Map<string, PageState>, names: ReadonlySet<string>) {
  const actions: Action[] = [];
  const notes: string[] = [];
  for (const title of settings.active) {
    const page = pages.get(title);
    if (!page?.exists || page.text === null || findBanners(page.text, names).length === 0) continue;
    actions.push({
      kind: 'skip',
      title: page.title,
      reason: `carries {{${settings.template}}} although the settings list it as active; reported, never removed by the bot`,
    });
    notes.push(`"${page.title}" carries {{${settings.template}}} but the settings list it as an active department page: please check it`);
  }
  return { actions, notes };
}

/** Each department's banner, and its pages to plan; a page listed under two departments is planned once, for the first. */
function pagesToPlan(settings: HistoricalBannerSettings, listed: readonly DepartmentPages[]): { departments: DepartmentBanner[]; toPlan: PageToPlan[] } {
  const departments: DepartmentBanner[] = [];
  const toPlan: PageToPlan[] = [];
  const planned = new Set<string>();
  for (const { department, root, titles } of listed) {
    const banner: DepartmentBanner = {
      title: root.title,
      pages: titles.length,
      banner: renderBanner(settings.template, bannerParameters(settings.parameters, { ...department, title: root.title })),
      summary: bannerSummary(settings.template, { ...department, title: root.title }),
      withBanner: 0,
    };
    departments.push(banner);
    for (const title of titles) {
      if (planned.has(title)) continue;
      planned.add(title);
      toPlan.push({ title, department: banner });
    }
  }
  return { departments, toPlan };
}

/**
 * The plan, part by part (Task.plan): what needs no department page first (the template, the
 * settings' pages, the site facts, the subpage titles), then the department pages in parts of
 * `ctx.pagesPerPart`, each read and planned on its own. The first part also carries the skips and
 * notes found before.
 */
export async function* planHistoricalBanners(ctx: Ctx): AsyncGenerator<TaskPlan> {
  const { settings, wiki } = ctx;
  const notes: string[] = [];
  const due = settings.retired.filter((department) => retiredFrom(department.retiredOn) <= ctx.now);
  for (const department of settings.retired.filter((d) => !due.includes(d))) {
    notes.push(`${department.title} is listed as retired on ${department.retiredOn}, which has not come yet; no banners until then`);
  }
  const templateTitle = `Template:${settings.template}`;
  const settingsPages = await wiki.readPages([templateTitle, ...due.map((d) => d.title), ...settings.active]);
  if (!settingsPages.get(templateTitle)?.exists) {
    yield {
      actions: due.map((d) => ({ kind: 'skip', title: d.title, reason: `${templateTitle} does not exist on the wiki` })),
      notes: [...notes, `${templateTitle} does not exist on the wiki, so no banner was planned`],
    };
    return;
  }

  const actions: Action[] = [];
  const roots: Array<Omit<DepartmentPages, 'titles'>> = [];
  for (const department of due) {
    const root = settingsPages.get(department.title);
    if (root?.exists && !root.isRedirect) roots.push({ department, root });
    else actions.push({ kind: 'skip', title: root?.title ?? department.title, reason: `"${department.title}" ${root?.exists ? 'is a redirect' : 'does not exist'}; check the settings` });
  }
  const facts = await readSiteFacts(wiki, settings.template, roots.map((r) => r.root.title));
  const names = bannerNames(settings.template, facts.bannerRedirects);
  const active = activePagePlans(settings, settingsPages, names);
  actions.push(...active.actions);
  notes.push(...active.notes);

  const activeTitles = new Set(settings.active.map((title) => settingsPages.get(title)?.title ?? title));
  const { departments, toPlan } = pagesToPlan(settings, await listDepartmentPages(wiki, roots));
  const parts = partsOf(toPlan, ctx.pagesPerPart);
  const inputs: PartInputs = { facts, names, activeTitles, settingsPages };
  for (const [index, part] of parts.entries()) {
    const plan = await planPart(ctx, part, inputs);
    const last = index === parts.length - 1;
    if (last) {
      for (const { title, pages, withBanner } of departments) ctx.log.info('retired department checked', { department: title, pages, withBanner });
    }
    yield {
      actions: index === 0 ? [...actions, ...plan.actions] : plan.actions,
      records: plan.records,
      notes: index === 0 ? notes : [],
    };
  }
}

/** A page that has its banner: checked and found up to date (the writer counts it so, and saves nothing). */
function upToDate(title: string, summary: string): EditAction {
  return { kind: 'edit', title, summary, transform: (fresh) => ({ text: fresh }) };
}
