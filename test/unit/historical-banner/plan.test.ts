// plan() against a wiki that answers from memory, for what the local wiki cannot show: Translate
// installed (recorded siteinfo and messagegroups answers), and the bot having the pagetranslation right.
import fs from 'node:fs';
import path from 'node:path';
import type { ApiParams } from 'mwn';
import type { Logger } from 'winston';
import { PAGES_PER_PART, type EditAction, type TaskPlan } from '../../../src/core/task';
import { Ledger } from '../../../src/ledger/ledger';
import type { ApiResponse, PageState, WikiReader } from '../../../src/wiki/client';
import { historicalBannerTask } from '../../../tasks/historical-banner';
import { historicalBannerSettings, type HistoricalBannerSettings } from '../../../tasks/historical-banner/settings';
import * as parse from '../../../src/wikitext/parse';
import { collectPlan } from '../../support/collect-plan';
import { memoryLogger } from '../../support/local-wiki';
import { siteInfoWith } from '../../support/site-info';
import { siteInfoOf, type SiteInfo } from '../../../src/wiki/reader';
import { editsNotRead, effectOf, mergeParts, planPartByPart } from '../../support/plan-in-parts';

const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'translate');
const fixture = (name: string): ApiResponse => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));

interface Revision {
  revid: number;
  user: string;
  text: string;
}

/** A wiki in memory: page histories, plus the answers of the modules the task asks about. */
class MemoryWiki implements WikiReader {
  readonly userName = 'DeptBot';
  readonly apiUrl = 'memory://wiki';
  readonly requests: ApiParams[] = [];
  readonly titlesPerRequest = 50;
  private nextRevId = 100;
  private readonly histories = new Map<string, Revision[]>();

  constructor(
    readonly rights: ReadonlySet<string>,
    private readonly site: { translate: boolean; languages: string[]; redirects: string[] },
  ) {}

  save(title: string, text: string, user = 'Editor1'): number {
    const revid = this.nextRevId++;
    this.histories.set(title, [...(this.histories.get(title) ?? []), { revid, user, text }]);
    return revid;
  }

  /** What the client reads at connect: the recorded extensions (Translate taken out when not installed), the languages given. */
  get siteInfo(): SiteInfo {
    const recorded = siteInfoOf(fixture('siteinfo-extensions.json'), ['extensions']).extensions;
    return siteInfoWith({ extensions: this.site.translate ? recorded : recorded.filter((name) => name !== 'Translate'), languages: this.site.languages });
  }

  async readPages(titles: readonly string[]): Promise<Map<string, PageState>> {
    this.requests.push({ action: 'read', titles: [...titles] });
    return new Map(
      titles.map((title): [string, PageState] => {
        const latest = this.histories.get(title)?.at(-1);
        return [
          title,
          {
            title,
            namespace: title.startsWith('Template:') ? 10 : 0,
            exists: latest !== undefined,
            revId: latest?.revid ?? null,
            timestamp: latest ? '2026-01-01T00:00:00Z' : null,
            lastEditor: latest?.user ?? null,
            text: latest?.text ?? null,
            contentModel: latest ? 'wikitext' : null,
            isRedirect: false,
            protection: [],
          },
        ];
      }),
    );
  }

  /** A read that asks which pages transclude the banner (prop=templates), answered as the API does; nothing is rendered here, so none does. */
  private readWithTemplates(titles: readonly string[]): ApiResponse {
    this.requests.push({ action: 'read', titles: [...titles] });
    const pages = titles.map((title) => {
      const latest = this.histories.get(title)?.at(-1);
      const namespace = { ns: title.startsWith('Template:') ? 10 : 0, protection: [] };
      if (!latest) return { title, ...namespace, missing: true };
      const slots = { main: { content: latest.text, contentmodel: 'wikitext' } };
      return { title, ...namespace, revisions: [{ revid: latest.revid, timestamp: '2026-01-01T00:00:00Z', user: latest.user, slots }] };
    });
    return { query: { pages } };
  }

  async query(params: ApiParams): Promise<ApiResponse> {
    if (String(params.prop).split('|').includes('templates')) return this.readWithTemplates([params.titles as string[]].flat());
    this.requests.push(params);
    if (params.meta === 'messagegroups') return fixture('messagegroups.json');
    if (params.list === 'backlinks') return { query: { backlinks: this.site.redirects.map((title) => ({ ns: 10, title, redirect: true })) } };
    if (params.list === 'allpages') {
      const prefix = String(params.apprefix);
      const titles = [...this.histories.keys()].filter((title) => title.startsWith(prefix)).sort();
      return { query: { allpages: titles.map((title) => ({ ns: 0, title })) } };
    }
    if (params.prop === 'revisions') {
      const history = this.histories.get(String(params.titles)) ?? [];
      const since = history.filter((r) => r.revid >= Number(params.rvstartid));
      return { query: { pages: [{ title: params.titles, revisions: since.map((r) => ({ revid: r.revid, user: r.user, slots: { main: { content: r.text } } })) }] } };
    }
    throw new Error(`unexpected request ${JSON.stringify(params)}`);
  }

  async *queryAll(params: ApiParams): AsyncGenerator<ApiResponse> {
    yield await this.query(params);
  }
}

const SOURCE = 'Sample translatable page'; // the page the recorded messagegroups answer knows
const TEMPLATE_TEXT = '<div>This page is kept for historical interest.</div>';

function settingsFor(title: string, extra: Partial<Record<string, unknown>> = {}): HistoricalBannerSettings {
  return historicalBannerSettings.parse({ retired: [{ title, retiredOn: '2019-11', comment: 'Dissolved.' }], ...extra });
}

const NOW = new Date('2026-01-01T00:00:00Z');

function contextFor(wiki: WikiReader, settings: HistoricalBannerSettings, ledger: Ledger, options: { now?: Date; pagesPerPart?: number; log?: Logger } = {}) {
  return {
    now: options.now ?? NOW,
    settings,
    wiki,
    ledger,
    log: options.log ?? memoryLogger().log,
    taskName: historicalBannerTask.name,
    botName: wiki.userName,
    pagesPerPart: options.pagesPerPart ?? PAGES_PER_PART,
  };
}

async function planWith(wiki: MemoryWiki, settings: HistoricalBannerSettings, ledger = Ledger.open(':memory:'), now = NOW): Promise<TaskPlan> {
  return collectPlan(historicalBannerTask.plan(contextFor(wiki, settings, ledger, { now })));
}

const byKind = (plan: TaskPlan, kind: string) => plan.actions.filter((a) => a.kind === kind).map((a) => a.title);
const reasonFor = (plan: TaskPlan, title: string) => plan.actions.flatMap((a) => (a.kind === 'skip' && a.title === title ? [a.reason] : []));

describe('historical-banner plan, with Translate installed', () => {
  const site = { translate: true, languages: ['en', 'de', 'fr', 'ru', 'id'], redirects: ['Template:Historic'] };

  it('recognises translation pages from Translate’s message groups, not from markup', async () => {
    const wiki = new MemoryWiki(new Set(['bot']), site);
    wiki.save('Template:Historical', TEMPLATE_TEXT, 'Admin');
    wiki.save(SOURCE, '<languages/>\n<translate>Source text.</translate>\n');
    wiki.save(`${SOURCE}/de`, 'Übersetzter Text.\n', 'FuzzyBot');
    wiki.save(`${SOURCE}/Archive`, 'Old notes.\n');
    wiki.save(`${SOURCE}/Archive/fr`, 'Notes anciennes.\n'); // Archive is not a translatable page: an ordinary subpage

    const plan = await planWith(wiki, settingsFor(SOURCE));

    expect(byKind(plan, 'edit')).toEqual([SOURCE, `${SOURCE}/Archive`, `${SOURCE}/Archive/fr`]);
    expect(reasonFor(plan, `${SOURCE}/de`)).toEqual([
      `translation page of "${SOURCE}": Translate does not allow editing it; the banner reaches it when "${SOURCE}" is next marked for translation`,
    ]);
    expect(wiki.requests).toContainEqual(expect.objectContaining({ meta: 'messagegroups', mgfilter: [`page-${SOURCE}*`] }));
  });

  it('asks the writer to mark the translatable source for translation after its edit, and no other page', async () => {
    const wiki = new MemoryWiki(new Set(['bot']), site);
    wiki.save('Template:Historical', TEMPLATE_TEXT, 'Admin');
    wiki.save(SOURCE, '<languages/>\n<translate>Source text.</translate>\n');
    wiki.save(`${SOURCE}/Archive`, 'Old notes.\n');

    const plan = await planWith(wiki, settingsFor(SOURCE));

    const marked = plan.actions.map((a) => [a.title, a.kind === 'edit' ? (a.markForTranslation ?? false) : null]);
    expect(marked).toEqual([
      [SOURCE, true],
      [`${SOURCE}/Archive`, false],
    ]);
    expect(plan.notes ?? []).toEqual([]);
  });
});

describe('historical-banner plan, without Translate', () => {
  const site = { translate: false, languages: ['en', 'de', 'id'], redirects: ['Template:Historic'] };

  function seededWiki(): MemoryWiki {
    const wiki = new MemoryWiki(new Set(['bot']), site);
    wiki.save('Template:Historical', TEMPLATE_TEXT, 'Admin');
    wiki.save('Dept', '<languages/>\n<translate>About the department.</translate>\n');
    wiki.save('Dept/de', 'Über die Abteilung.\n');
    wiki.save('Dept/Goals', 'Goals.\n');
    wiki.save('Dept/Goals/id', 'Tujuan.\n'); // Dept/Goals has no <translate>: not a translation page
    wiki.save('Dept/Old', '{{historic}}\nAlready marked by an editor.\n');
    return wiki;
  }

  it('plans the banner on the page and its subpages, skips translation pages, and leaves banners found under any name', async () => {
    const wiki = seededWiki();

    const plan = await planWith(wiki, settingsFor('Dept'));

    // Dept/Old has its banner under another name: checked, and its edit finds it up to date (counted so, nothing saved).
    expect(byKind(plan, 'edit')).toEqual(['Dept', 'Dept/Goals', 'Dept/Goals/id', 'Dept/Old']);
    const old = plan.actions.find((a) => a.title === 'Dept/Old') as EditAction;
    expect(old.transform('{{historic}}\nAlready marked by an editor.\n', {} as PageState)).toEqual({ text: '{{historic}}\nAlready marked by an editor.\n' });
    expect(byKind(plan, 'skip')).toEqual(['Dept/de']);
    expect(plan.records).toEqual([]);
    const edit = plan.actions[0] as EditAction;
    expect(edit.summary).toBe('Adding {{Historical}}: Dept was retired in November 2019');
    expect(edit.transform('<languages/>\nText\n', {} as PageState)).toEqual({
      text: '<languages/>\n{{Historical|comment=Dissolved.|date=November 2019}}\nText\n',
    });
  });

  it('leaves subpages out when includeSubpages is false', async () => {
    const wiki = seededWiki();
    const settings = historicalBannerSettings.parse({ retired: [{ title: 'Dept', retiredOn: '2019-11', includeSubpages: false }] });

    const plan = await planWith(wiki, settings);

    expect(plan.actions.map((a) => a.title)).toEqual(['Dept']);
    expect(wiki.requests.some((r) => r.list === 'allpages')).toBe(false);
  });

  it('plans nothing for a department whose retirement date has not come', async () => {
    const wiki = seededWiki();

    const plan = await planWith(wiki, settingsFor('Dept'), Ledger.open(':memory:'), new Date('2019-10-31T23:59:59Z'));

    expect(plan.actions).toEqual([]);
    expect(plan.notes).toEqual(['Dept is listed as retired on 2019-11, which has not come yet; no banners until then']);
  });

  it('reports a banner on an active page and never plans an edit for it', async () => {
    const wiki = seededWiki();
    wiki.save('Active team', '{{Template:historical}}\nWe are active.\n');
    wiki.save('Dept/Still active', 'This team moved and is active.\n');

    const plan = await planWith(wiki, settingsFor('Dept', { active: ['Active team', 'Dept/Still active'] }));

    expect(reasonFor(plan, 'Active team')).toEqual([
      'carries {{Historical}} although the settings list it as active; reported, never removed by the bot',
    ]);
    expect(plan.notes).toContainEqual(expect.stringContaining('"Active team" carries {{Historical}}'));
    expect(plan.actions.map((a) => a.title)).not.toContain('Dept/Still active');
    expect(byKind(plan, 'edit')).not.toContain('Active team');
  });

  it('parses each page once, and the transform reuses that parse for the text it was planned from', async () => {
    const wiki = new MemoryWiki(new Set(['bot']), site);
    wiki.save('Template:Historical', TEMPLATE_TEXT, 'Admin');
    wiki.save('Dept', 'About the {{tl|department}}.\n');
    wiki.save('Dept/Old', '{{historic}}\nAlready marked.\n');
    const findTemplates = jest.spyOn(parse, 'findTemplates');

    try {
      const plan = await planWith(wiki, settingsFor('Dept'));
      const parsedWhilePlanning = findTemplates.mock.calls.map(([text]) => text);
      const edit = plan.actions[0] as EditAction;
      findTemplates.mockClear();
      const planned = edit.transform('About the {{tl|department}}.\n', {} as PageState);
      const parsedForPlannedText = findTemplates.mock.calls.length;
      const afterConflict = edit.transform('{{Historical}}\nAbout the {{tl|department}}.\n', {} as PageState);

      expect(byKind(plan, 'edit')).toEqual(['Dept', 'Dept/Old']); // Dept/Old: found up to date
      // The rendered banner is parsed once per department, to check it; each page once.
      expect(parsedWhilePlanning).toEqual([
        '{{Historical|comment=Dissolved.|date=November 2019}}',
        'About the {{tl|department}}.\n',
        '{{historic}}\nAlready marked.\n',
      ]);
      expect(planned).toEqual({ text: '{{Historical|comment=Dissolved.|date=November 2019}}\nAbout the {{tl|department}}.\n' });
      expect(parsedForPlannedText).toBe(0);
      expect(afterConflict).toEqual({ text: '{{Historical}}\nAbout the {{tl|department}}.\n' });
      expect(findTemplates).toHaveBeenCalledTimes(1);
    } finally {
      findTemplates.mockRestore();
    }
  });

  it('leaves an unbalanced page that has the banner alone, and skips one without it, saying why', async () => {
    const wiki = seededWiki();
    wiki.save('Dept/Goals', '{{Historical}}\n{{Infobox\nGoals.\n');
    wiki.save('Dept/Old', '{{Infobox\nOld notes.\n');

    const plan = await planWith(wiki, settingsFor('Dept'));

    expect(plan.actions.map((a) => a.title)).not.toContain('Dept/Goals');
    expect(reasonFor(plan, 'Dept/Old')).toEqual([
      '"Dept/Old": unbalanced markup (1 template call(s) opened with "{{" are never closed); not guessing where the banner goes',
    ]);
  });

  it('skips everything when the banner template does not exist', async () => {
    const wiki = new MemoryWiki(new Set(['bot']), site);
    wiki.save('Dept', 'Text.\n');

    const plan = await planWith(wiki, settingsFor('Dept'));

    expect(byKind(plan, 'edit')).toEqual([]);
    expect(plan.notes).toContain('Template:Historical does not exist on the wiki, so no banner was planned');
  });

  it('does not put back a banner a person removed, and raises a signal naming who removed it', async () => {
    const wiki = seededWiki();
    const ledger = Ledger.open(':memory:');
    const runId = ledger.startRun('historical-banner', 'cli', false, new Date());
    const botRev = wiki.save('Dept/Goals', '{{Historical|comment=Dissolved.|date=November 2019}}\nGoals.\n', 'DeptBot');
    ledger.recordEdit(
      { runId, task: 'historical-banner', page: 'Dept/Goals', kind: 'edit', oldRevId: botRev - 1, newRevId: botRev, summary: 's', madeAt: new Date().toISOString() },
      [],
    );
    wiki.save('Dept/Goals', '{{Historical|comment=Dissolved.|date=November 2019}}\nGoals, updated.\n', 'Editor1');
    const removedIn = wiki.save('Dept/Goals', 'Goals, updated; this team is active again.\n', 'Admin');

    const plan = await planWith(wiki, settingsFor('Dept'), ledger);

    expect(byKind(plan, 'edit')).not.toContain('Dept/Goals');
    expect(reasonFor(plan, 'Dept/Goals')[0]).toContain(`removed in revision ${removedIn} by Admin; humans win`);
    expect(plan.records).toEqual([
      {
        kind: 'signal',
        signal: {
          type: 'banner-removed',
          page: 'Dept/Goals',
          key: `banner-removed:Dept/Goals:${botRev}`,
          data: { template: 'Historical', addedInRevision: botRev, removedInRevision: removedIn, removedBy: 'Admin' },
        },
      },
    ]);
  });
});

describe('historical-banner plan, in parts', () => {
  const R = SOURCE;
  type Site = ConstructorParameters<typeof MemoryWiki>[1];
  const sites: Array<[string, Site]> = [
    ['with Translate', { translate: true, languages: ['en', 'de', 'fr', 'id'], redirects: ['Template:Historic'] }],
    ['without Translate', { translate: false, languages: ['en', 'de', 'fr', 'id'], redirects: ['Template:Historic'] }],
  ];
  const sizes = sites.flatMap(([name, site]) => [1, 2, 3].map((size): [string, number, Site] => [name, size, site]));

  /** A department of every kind of page, whose translation pages and their base pages fall into different small parts. */
  function seeded(site: Site) {
    const wiki = new MemoryWiki(new Set(['bot']), site);
    const ledger = Ledger.open(':memory:');
    wiki.save('Template:Historical', TEMPLATE_TEXT, 'Admin');
    wiki.save(R, '<languages/>\n<translate>Source text.</translate>\n');
    wiki.save(`${R}/A`, '<translate>Plans.</translate>\n');
    wiki.save(`${R}/A/de`, 'Pläne.\n', 'FuzzyBot');
    wiki.save(`${R}/B`, 'Goals.\n');
    wiki.save(`${R}/B/id`, 'Tujuan.\n');
    wiki.save(`${R}/C`, '{{historic}}\nAlready marked.\n');
    wiki.save(`${R}/D`, '{{Infobox\nOld notes.\n');
    const botRev = wiki.save(`${R}/E`, '{{Historical|comment=Dissolved.|date=November 2019}}\nNotes.\n', 'DeptBot');
    const runId = ledger.startRun('historical-banner', 'cli', false, NOW);
    ledger.recordEdit({ runId, task: 'historical-banner', page: `${R}/E`, kind: 'edit', oldRevId: null, newRevId: botRev, summary: 's', madeAt: NOW.toISOString() }, []);
    wiki.save(`${R}/E`, 'Notes, without the banner.\n', 'Admin');
    wiki.save(`${R}/F`, 'This team moved and is active.\n');
    wiki.save(`${R}/de`, 'Übersetzter Text.\n', 'FuzzyBot');
    wiki.save('Active team', '{{Template:historical}}\nWe are active.\n');
    wiki.save('Other', 'Another department.\n'); // its page comes in a later part than the settings' pages were read
    wiki.save('Other/X', 'Its subpage.\n');
    const settings = historicalBannerSettings.parse({
      retired: [
        { title: R, retiredOn: '2019-11', comment: 'Dissolved.' },
        { title: `${R}/B`, retiredOn: '2018-01' }, // its pages are listed under R too: planned once, with R's banner
        { title: 'Gone', retiredOn: '2019-11' },
        { title: 'Other', retiredOn: '2020-03' },
        { title: 'Later', retiredOn: '2030-01' },
      ],
      active: ['Active team', `${R}/F`],
    });
    return { wiki, ledger, settings };
  }

  const partByPart = (wiki: MemoryWiki, plan: AsyncIterable<TaskPlan>) =>
    planPartByPart(plan, () => wiki.requests.flatMap((r) => (r.action === 'read' ? [r.titles as string[]] : [])));

  const checkedLines = (lines: readonly string[]) => lines.filter((line) => line.includes('retired department checked'));

  it.each(sizes)(
    '%s, %i page(s) a part: several parts that together make the plan of one part',
    async (_name, pagesPerPart, site) => {
      const { wiki, ledger, settings } = seeded(site);
      const whole = memoryLogger();
      const inParts = memoryLogger();

      const plan = await collectPlan(historicalBannerTask.plan(contextFor(wiki, settings, ledger, { log: whole.log })));
      const parts = await partByPart(wiki, historicalBannerTask.plan(contextFor(wiki, settings, ledger, { pagesPerPart, log: inParts.log })));
      const merged = await mergeParts(parts);

      expect(plan.parts).toBe(1);
      expect(parts.length).toBeGreaterThan(2);
      expect(byKind(plan, 'edit').length).toBeGreaterThan(2);
      expect(await effectOf(wiki, merged)).toEqual(await effectOf(wiki, plan));
      expect(checkedLines(inParts.lines)).toHaveLength(3);
      expect(checkedLines(inParts.lines).map((line) => JSON.parse(line).withBanner)).toEqual(checkedLines(whole.lines).map((line) => JSON.parse(line).withBanner));
    },
  );

  it.each(sizes)(
    '%s, %i page(s) a part: each part edits only pages read for it, and reads at most a part of department pages',
    async (_name, pagesPerPart, site) => {
      const { wiki, ledger, settings } = seeded(site);

      const parts = await partByPart(wiki, historicalBannerTask.plan(contextFor(wiki, settings, ledger, { pagesPerPart })));

      expect(parts.flatMap(editsNotRead)).toEqual([]);
      // Each part reads once: its own pages, and the base pages that tell whether they are translations.
      const partReads = wiki.requests.filter((r) => r.action === 'read').slice(1).map((r) => r.titles as string[]);
      const withoutBases = (titles: string[]) => titles.filter((title) => !titles.some((t) => t.startsWith(`${title}/`)));
      expect(partReads).toHaveLength(parts.length);
      for (const titles of partReads) expect(withoutBases(titles).length).toBeLessThanOrEqual(pagesPerPart);
    },
  );
});
