// historical-banner against the real local MediaWiki, on copies of the seeded department pages.
import type { Config } from '../../src/config/schema';
import { runTask } from '../../src/core/run-task';
import { countOutcomes, type TaskRunReport } from '../../src/core/run-loop';
import type { Runtime } from '../../src/runtime';
import type { PageState, WikiClient } from '../../src/wiki/client';
import { historicalBannerTask } from '../../tasks/historical-banner';
import { bannerNames, findBanners } from '../../tasks/historical-banner/ensure-banner';
import type { HistoricalBannerSettings } from '../../tasks/historical-banner/settings';
import { connectAs, humanEdit, markForTranslation, openTestRuntime, renderedText, testConfig, uniquePrefix } from '../support/local-wiki';
import { copySeedPages, seedText } from '../support/seed-pages';

const task = historicalBannerTask;
const SEEDS = [
  'Community Engagement',
  'Community Engagement/ru',
  'Community Engagement/Priorities',
  'Community Engagement/Quarterly goals',
  'Community Development',
  'Community Development/What we do',
];
// The seeded wiki has Template:Historic → Template:Historical; the task must find that on its own.
const names = bannerNames('Historical', ['Historic']);

let editor: WikiClient;
let runtime: Runtime;
let prefix: string;
const t = (seed: string) => `${prefix}${seed}`;

/** The shipped settings (Meta's values), pointed at this test's copies. */
function configFor(): Config {
  return testConfig([task], (c) => {
    const shipped = c.tasks[task.name].settings as HistoricalBannerSettings;
    const retired = shipped.retired.find((d) => d.title === 'Community Engagement');
    if (!retired) throw new Error('config/default.yaml no longer lists Community Engagement as retired');
    const settings: HistoricalBannerSettings = {
      ...shipped,
      retired: [{ ...retired, title: t('Community Engagement') }],
      active: [t('Community Development'), t('Active team')],
    };
    return { ...c, tasks: { ...c.tasks, [task.name]: { ...c.tasks[task.name], settings } } };
  });
}

async function run(dryRun: boolean): Promise<TaskRunReport> {
  return runTask(
    { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => new Date() },
    { task, trigger: 'cli', dryRun },
  );
}

async function read(titles: readonly string[]): Promise<Map<string, PageState>> {
  return editor.readPages(titles);
}

async function revIds(titles: readonly string[]): Promise<Array<number | null>> {
  const pages = await read(titles);
  return titles.map((title) => pages.get(title)?.revId ?? null);
}

const outcome = (report: TaskRunReport, title: string) => report.outcomes.find((o) => o.title === title);

beforeAll(async () => {
  editor = await connectAs('editor');
  prefix = uniquePrefix('historical-banner');
  await copySeedPages(editor, prefix, SEEDS);
  // The copy of a translatable page is a translatable page (its `/ru` a translation page) once marked.
  await markForTranslation(await connectAs('admin'), t('Community Engagement'));
  // A subpage an editor already marked through the redirect's name, and an active page that carries the banner.
  await humanEdit(editor, t('Community Engagement/Archive'), '{{historic}}\nNotes kept by an editor.\n');
  await humanEdit(editor, t('Active team'), '{{Historical}}\nThis team is active.\n');
  // A subpage whose own notice template shows the banner: its text never names {{Historical}}.
  await humanEdit(editor, `Template:${t('Retired notice')}`, '{{Historical|comment=Kept by the team.}}');
  await humanEdit(editor, t('Community Engagement/Wrapped notes'), `{{${t('Retired notice')}}}\nNotes kept under the team's own notice.\n`);
  runtime = await openTestRuntime({ tasks: [task], config: configFor() });
});

afterAll(() => runtime?.close());

const edited = ['Community Engagement', 'Community Engagement/Priorities', 'Community Engagement/Quarterly goals'];
const untouched = [
  'Community Engagement/ru',
  'Community Engagement/Archive',
  'Community Engagement/Wrapped notes',
  'Community Development',
  'Community Development/What we do',
  'Active team',
];

describe('historical-banner on the local wiki', () => {
  it('gives the retired page and each subpage exactly one banner, leaves the rest alone, and a second run edits nothing', async () => {
    const untouchedBefore = await revIds(untouched.map(t));

    const dry = await run(true);
    expect(dry.outcomes.filter((o) => o.status === 'planned' && o.kind === 'edit').map((o) => o.title)).toEqual(edited.map(t));
    // The dry-run shows the marking for translation that would follow each edit of a translatable
    // source; whether the bot may mark it (never marked, someone else's change) is asked when it saves.
    expect(dry.outcomes.filter((o) => o.kind === 'mark-for-translation').map((o) => [o.title, o.status])).toEqual([
      [t('Community Engagement'), 'planned'],
      [t('Community Engagement/Priorities'), 'planned'],
    ]);
    expect(await revIds(untouched.map(t))).toEqual(untouchedBefore);
    expect(runtime.ledger.openSignals(['banner-removed'])).toEqual([]);

    const first = await run(false);

    expect(first.result).toBe('ok');
    const pages = await read([...edited, ...untouched].map(t));
    for (const seed of edited) {
      const page = pages.get(t(seed))!;
      expect(outcome(first, t(seed))?.status).toBe('edited');
      expect(page.lastEditor).toBe('DeptBot');
      expect(findBanners(page.text ?? '', names)).toHaveLength(1);
      // Only the banner line was added: everything else is the page as it was.
      const bannerLine = findBanners(page.text ?? '', names)[0].wikitext;
      expect((page.text ?? '').replace(`${bannerLine}\n`, '')).toBe(seedText(seed).replace(/\n*$/, ''));
    }
    expect(pages.get(t('Community Engagement'))?.text).toMatch(/^<languages\/>\n\{\{Historical\|comment=The department was dissolved/);
    expect(pages.get(t('Community Engagement/Quarterly goals'))?.text).toMatch(/^\{\{Historical\|.*\|date=November 2019\}\}\nThis page collects/);
    expect(await revIds(untouched.map(t))).toEqual(untouchedBefore);
    expect(outcome(first, t('Community Engagement/ru'))?.reason).toContain(`translation page of "${t('Community Engagement')}"`);
    expect(outcome(first, t('Active team'))?.reason).toContain('the settings list it as active');
    // Readers of the wrapped page see one banner, from its own notice template, and no second one.
    expect(outcome(first, t('Community Engagement/Wrapped notes'))?.reason).toContain('shows {{Historical}} through another template');
    expect((await renderedText(editor, t('Community Engagement/Wrapped notes'))).split('is kept for historical interest')).toHaveLength(2);
    // The marked translatable page is marked again by the bot (its edit is the only change since);
    // the never-marked one is reported as needing re-marking, with the reason.
    expect(first.outcomes.filter((o) => o.kind === 'mark-for-translation').map((o) => [o.title, o.status, o.reason])).toEqual([
      [t('Community Engagement'), 'marked', undefined],
      [t('Community Engagement/Priorities'), 'skipped', expect.stringContaining('needs re-marking for translation')],
    ]);
    expect(outcome(first, t('Community Engagement/Priorities'))?.status).toBe('edited');
    const history = await editor.query({ prop: 'revisions', titles: t('Community Engagement'), rvprop: 'comment|user', rvlimit: 1 });
    expect(history.query.pages[0].revisions[0]).toEqual({
      user: 'DeptBot',
      comment: `Adding {{Historical}}: ${t('Community Engagement')} was retired in November 2019 ([[User:DeptBot/Tasks#historical-banner|deptbot historical-banner]])`,
    });

    const afterFirst = await revIds([...edited, ...untouched].map(t));
    const second = await run(false);

    expect(second.outcomes.filter((o) => !['unchanged', 'skipped'].includes(o.status))).toEqual([]);
    expect(countOutcomes(second.outcomes).edits).toBe(0);
    expect(await revIds([...edited, ...untouched].map(t))).toEqual(afterFirst);
  });

  it('does not put back a banner a person removed, and records the signal once the run is applied', async () => {
    const title = t('Community Engagement/Quarterly goals');
    const botRevId = (await read([title])).get(title)?.revId;
    expect((await read([title])).get(title)?.lastEditor).toBe('DeptBot');
    const removedIn = await humanEdit(editor, title, seedText('Community Engagement/Quarterly goals'), 'not historical: kept current');

    const dry = await run(true);
    expect(outcome(dry, title)?.status).toBe('skipped');
    expect(runtime.ledger.openSignals(['banner-removed'])).toEqual([]);

    const applied = await run(false);

    const page = (await read([title])).get(title)!;
    expect(page.revId).toBe(removedIn);
    expect(findBanners(page.text ?? '', names)).toEqual([]);
    expect(countOutcomes(applied.outcomes).edits).toBe(0);
    expect(runtime.ledger.openSignals(['banner-removed'])).toEqual([
      expect.objectContaining({
        sourceTask: 'historical-banner',
        page: title,
        key: `banner-removed:${title}:${botRevId}`,
        data: { template: 'Historical', addedInRevision: botRevId, removedInRevision: removedIn, removedBy: 'Editor1' },
      }),
    ]);
  });
});
