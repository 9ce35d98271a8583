// The single writer against the real local MediaWiki, through a small test-only task.
import type { Config } from '../../src/config/schema';
import { DryRunWriteError } from '../../src/core/errors';
import type { EditAction } from '../../src/core/task';
import { renderDiff } from '../../src/core/render-diff';
import { runTask } from '../../src/core/run-task';
import { changeRules } from '../../src/core/run-loop';
import type { ChangeOutcome, PlannedChange, PreparedChange } from '../../src/core/planned-change';
import { prepareActions } from '../../src/core/prepare-changes';
import { SaveSession } from '../../src/core/save-session';
import type { Runtime } from '../../src/runtime';
import type { WikiClient } from '../../src/wiki/client';
import { appendTask, upsertNote } from '../support/append-task';
import {
  connectAs,
  currentRevId,
  humanEdit,
  openTestRuntime,
  pageText,
  testConfig,
  uniquePrefix,
} from '../support/local-wiki';

const tasks = [appendTask];

function configFor(pages: string[], extra: Partial<Config['safety']> = {}, line = 'Checked by deptbot.'): Config {
  return testConfig(tasks, (c) => ({
    ...c,
    safety: { ...c.safety, ...extra },
    tasks: { ...c.tasks, 'test-append': { ...c.tasks['test-append'], settings: { pages, line, sections: [] } } },
  }));
}

async function run(runtime: Runtime, dryRun = false, onPlanned?: (changes: readonly PlannedChange[]) => void) {
  return runTask(
    { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => new Date(), onPlanned },
    { task: appendTask, trigger: 'cli', dryRun },
  );
}

/** Applies changes prepared earlier in the test, as a run of test-append would. */
async function applyPrepared(runtime: Runtime, ready: PreparedChange[]) {
  const rules = changeRules(runtime.config, 'test-append', runtime.wiki);
  const runId = runtime.ledger.startRun('test-append', 'cli', false, new Date());
  const saving = new SaveSession(runtime.wiki, runtime.ledger, {
    ...rules,
    shutoffPage: runtime.config.safety.shutoffPage,
    throttleMs: 0,
    editBudget: 10,
    conflictRetries: 3,
    runId,
    clock: () => new Date(),
    log: runtime.log,
  });
  const outcomes: ChangeOutcome[] = [];
  for await (const outcome of saving.savePart(ready)) outcomes.push(outcome);
  return { outcomes };
}

/** Prepares one action as a run of test-append would, and returns the changes ready to save. */
async function prepareReady(runtime: Runtime, action: EditAction): Promise<PreparedChange[]> {
  const rules = changeRules(runtime.config, 'test-append', runtime.wiki);
  return (await prepareActions(runtime.wiki, runtime.ledger, [action], rules, 20)).ready;
}

let editor: WikiClient;
let admin: WikiClient;

beforeAll(async () => {
  editor = await connectAs('editor');
  admin = await connectAs('admin');
});

async function makePages(prefix: string, count: number, body = 'Department page text.\n'): Promise<string[]> {
  const titles = Array.from({ length: count }, (_, i) => `${prefix}Page ${i + 1}`);
  for (const title of titles) await humanEdit(editor, title, body);
  return titles;
}

describe('dry-run', () => {
  it('leaves every revision unchanged, renders a diff, and the client refuses writes', async () => {
    const pages = await makePages(uniquePrefix('dry-run'), 3);
    const before = await Promise.all(pages.map((t) => currentRevId(editor, t)));
    const runtime = await openTestRuntime({ tasks, dryRun: true, config: configFor(pages) });
    try {
      const planned: PlannedChange[] = [];
      const report = await run(runtime, true, (changes) => planned.push(...changes));
      expect(report.outcomes.map((o) => o.status)).toEqual(['planned', 'planned', 'planned']);
      expect(planned.map((c) => c.title)).toEqual(pages);
      const diff = renderDiff(planned[0], false);
      expect(diff).toContain(`--- ${pages[0]}`);
      expect(diff).toContain('+<!-- deptbot:test-note -->');
      expect(diff).toContain('+Checked by deptbot.');
      await expect(runtime.wiki.write({ action: 'edit', title: pages[0], text: 'x' })).rejects.toBeInstanceOf(DryRunWriteError);
    } finally {
      runtime.close();
    }
    expect(await Promise.all(pages.map((t) => currentRevId(editor, t)))).toEqual(before);
  });
});

describe('apply', () => {
  it('makes the edits as the bot, and a second run makes none', async () => {
    const pages = await makePages(uniquePrefix('apply'), 2);
    const runtime = await openTestRuntime({ tasks, config: configFor(pages) });
    try {
      const first = await run(runtime);
      expect(first.outcomes.map((o) => o.status)).toEqual(['edited', 'edited']);
      const revs = await Promise.all(pages.map((t) => currentRevId(editor, t)));
      const second = await run(runtime);
      expect(second.outcomes.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
      expect(await Promise.all(pages.map((t) => currentRevId(editor, t)))).toEqual(revs);
      expect(runtime.ledger.editsOn(pages[0], 'test-append')).toHaveLength(1);
    } finally {
      runtime.close();
    }
    const response = await editor.query({ prop: 'revisions', titles: pages[0], rvprop: 'user|comment|flags', rvlimit: 1 });
    const revision = response.query.pages[0].revisions[0];
    expect(revision.user).toBe('DeptBot');
    expect(revision.comment).toBe('Noting "Checked by deptbot." ([[User:DeptBot/Tasks#test-append|deptbot test-append]])');
    expect(await pageText(editor, pages[0])).toBe(
      'Department page text.\n\n<!-- deptbot:test-note -->\nChecked by deptbot.\n<!-- /deptbot:test-note -->',
    );
  });

  it('keeps a human edit made between read and save, and re-applies the transform on top', async () => {
    const [title] = await makePages(uniquePrefix('conflict'), 1, 'First line.\n');
    const runtime = await openTestRuntime({ tasks, config: configFor([title]) });
    try {
      const action = {
        kind: 'edit' as const,
        title,
        summary: 'Noting',
        regions: ['test-note'],
        transform: (text: string) => upsertNote(text, 'Checked by deptbot.'),
      };
      const ready = await prepareReady(runtime, action);
      expect(ready).toHaveLength(1);
      // A human replaces the whole page after the bot read it: the bot's base text is gone.
      await humanEdit(editor, title, 'Rewritten by a human.\n');
      const result = await applyPrepared(runtime, ready);
      expect(result.outcomes.map((o) => o.status)).toEqual(['edited']);
    } finally {
      runtime.close();
    }
    expect(await pageText(editor, title)).toBe(
      'Rewritten by a human.\n\n<!-- deptbot:test-note -->\nChecked by deptbot.\n<!-- /deptbot:test-note -->',
    );
  });
});

describe('a person made the same change meanwhile', () => {
  it('is reported as unchanged, and no bot edit is recorded', async () => {
    const [title] = await makePages(uniquePrefix('same change'), 1, 'First line.\n');
    const runtime = await openTestRuntime({ tasks, config: configFor([title]) });
    try {
      const action = { kind: 'edit' as const, title, summary: 'Noting', regions: ['test-note'], transform: (t: string) => upsertNote(t, 'Checked by deptbot.') };
      const ready = await prepareReady(runtime, action);
      await humanEdit(editor, title, ready[0].change.newText);
      const revBefore = await currentRevId(editor, title);
      const result = await applyPrepared(runtime, ready);
      expect(result.outcomes.map((o) => o.status)).toEqual(['unchanged']);
      expect(await currentRevId(editor, title)).toBe(revBefore);
      expect(runtime.ledger.editsOn(title)).toEqual([]);
    } finally {
      runtime.close();
    }
  });
});

describe('safety', () => {
  it('{{nobots}} stops the edit and a page outside the allowlist is refused', async () => {
    const prefix = uniquePrefix('exclusion');
    const [open] = await makePages(prefix, 1);
    const nobots = `${prefix}Opted out`;
    await humanEdit(editor, nobots, '{{nobots}}\nLeave me alone.\n');
    const outside = `User:Editor1/${prefix}notes`;
    await humanEdit(editor, outside, 'Personal notes.\n');
    const nobotsRev = await currentRevId(editor, nobots);
    const outsideRev = await currentRevId(editor, outside);
    const runtime = await openTestRuntime({ tasks, config: configFor([open, nobots, outside]) });
    try {
      const report = await run(runtime);
      expect(report.outcomes.map((o) => [o.title, o.status, o.reason])).toEqual([
        [open, 'edited', undefined],
        [nobots, 'skipped', '{{nobots}} excludes all bots'],
        [outside, 'skipped', `"${outside}" is outside the pages this bot may edit (safety.allow)`],
      ]);
    } finally {
      runtime.close();
    }
    expect(await currentRevId(editor, nobots)).toBe(nobotsRev);
    expect(await currentRevId(editor, outside)).toBe(outsideRev);
  });

  it('the shutoff page stops writing, and a missing shutoff page does not', async () => {
    const prefix = uniquePrefix('shutoff');
    const pages = await makePages(prefix, 2);
    const shutoffPage = `User:DeptBot/Shutoff ${prefix.replace(/\//g, ' ').trim()}`;
    const missing = await openTestRuntime({ tasks, config: configFor(pages.slice(0, 1), { shutoffPage }) });
    try {
      expect((await run(missing)).outcomes.map((o) => o.status)).toEqual(['edited']);
    } finally {
      missing.close();
    }
    await humanEdit(editor, `${shutoffPage}/test-append`, 'Stop: the bot is breaking tables. ~~~~');
    const before = await currentRevId(editor, pages[1]);
    const stopped = await openTestRuntime({ tasks, config: configFor(pages, { shutoffPage }) });
    try {
      const report = await run(stopped);
      expect(report.result).toBe('shutoff');
      expect(report.error).toContain(`"${shutoffPage}/test-append" says: Stop: the bot is breaking tables.`);
    } finally {
      stopped.close();
    }
    expect(await currentRevId(editor, pages[1])).toBe(before);
  });

  it('a protected page fails with its name and the run goes on with the other pages', async () => {
    const pages = await makePages(uniquePrefix('protected'), 3);
    await admin.write({ action: 'protect', title: pages[1], protections: 'edit=sysop', reason: 'test' });
    const runtime = await openTestRuntime({ tasks, config: configFor(pages) });
    try {
      const report = await run(runtime);
      expect(report.outcomes.map((o) => o.status)).toEqual(['edited', 'failed', 'edited']);
      expect(report.outcomes[1].reason).toBe(`"${pages[1]}" is protected and the bot may not edit it (protectedpage)`);
      expect(report.result).toBe('failed');
    } finally {
      runtime.close();
    }
  });

  it("a change that would make a page larger than the wiki's size limit fails before saving, with both sizes, and the run goes on", async () => {
    const pages = await makePages(uniquePrefix('too-large'), 2);
    // 700,000 three-byte characters: 2,100,000 bytes of UTF-8, past the 2,048 KiB (2,097,152 bytes) the wiki takes.
    const line = '€'.repeat(700_000);
    const noted = upsertNote((await pageText(editor, pages[0])) ?? '', line);
    if (!('text' in noted)) throw new Error(`test-append would not note "${pages[0]}": ${noted.skip}`);
    const tooLarge = noted.text;
    await expect(humanEdit(editor, pages[0], tooLarge)).rejects.toThrow(/contenttoobig/);
    const runtime = await openTestRuntime({ tasks, config: configFor(pages, {}, line) });
    try {
      const before = await Promise.all(pages.map((title) => currentRevId(editor, title)));
      const report = await run(runtime);
      expect(report.outcomes.map((o) => o.status)).toEqual(['failed', 'failed']);
      const bytes = Buffer.byteLength(tooLarge).toLocaleString('en-US');
      expect(report.outcomes[0].reason).toBe(`the change to "${pages[0]}" would make it ${bytes} bytes, more than the wiki takes (maxarticlesize: 2,097,152 bytes); refused`);
      expect(await Promise.all(pages.map((title) => currentRevId(editor, title)))).toEqual(before);
    } finally {
      runtime.close();
    }
  });

  it('the edit budget holds back the rest for the next run', async () => {
    const pages = await makePages(uniquePrefix('budget'), 3);
    const runtime = await openTestRuntime({ tasks, config: configFor(pages, { editBudget: 2 }) });
    try {
      const first = await run(runtime);
      expect(first.outcomes.map((o) => o.status)).toEqual(['edited', 'edited', 'not-reached']);
      expect(first.outcomes[2].reason).toContain('edit budget of 2');
      const second = await run(runtime);
      expect(second.outcomes.map((o) => o.status)).toEqual(['edited', 'unchanged', 'unchanged']);
    } finally {
      runtime.close();
    }
  });
});

describe('new sections, exactly once', () => {
  function sectionConfig(page: string) {
    return testConfig(tasks, (c) => ({
      ...c,
      tasks: {
        ...c.tasks,
        'test-append': {
          ...c.tasks['test-append'],
          settings: { pages: [], line: 'x', sections: [{ page, key: 'hello', title: 'Hello', body: 'A reminder.' }] },
        },
      },
    }));
  }

  it('a post found only in the bot\'s history is not repeated, and the ledger learns it again', async () => {
    const talk = `Talk:${uniquePrefix('sections')}Page`;
    await humanEdit(editor, talk, '== Earlier ==\nA question. [[User:Editor1|Editor1]] 10:00, 1 March 2026 (UTC)\n');
    const runtime = await openTestRuntime({ tasks, config: sectionConfig(talk) });
    try {
      expect((await run(runtime)).outcomes.map((o) => o.status)).toEqual(['posted']);
      const posted = await pageText(editor, talk);
      expect(posted).toMatch(/== Hello ==\n\nA reminder\.\n<!-- deptbot:test:hello -->\[\[User:DeptBot\|DeptBot\]\].*\(UTC\)$/);
      // The ledger forgets the post, and a human archives the section away.
      runtime.ledger.forgetReminder('test:hello');
      await humanEdit(editor, talk, '== Earlier ==\nA question. [[User:Editor1|Editor1]] 10:00, 1 March 2026 (UTC)\n', 'archiving');
      const revBefore = await currentRevId(editor, talk);
      const again = await run(runtime);
      expect(again.outcomes.map((o) => [o.status, o.reason])).toEqual([
        ['unchanged', expect.stringMatching(/^already posted in revision \d+ \(its marker is in the page history\)$/)],
      ]);
      expect(await currentRevId(editor, talk)).toBe(revBefore);
      expect(runtime.ledger.reminder('test:hello')).toEqual(expect.objectContaining({ talkPage: talk, task: 'test-append' }));
    } finally {
      runtime.close();
    }
  });
});

describe('batched reads', () => {
  const prefix = 'Deptbot test/batch read/';
  const titles = Array.from({ length: 120 }, (_, i) => `${prefix}Page ${i + 1}`);

  beforeAll(async () => {
    const existing = await editor.readPages(titles);
    for (const title of titles) {
      if (!existing.get(title)?.exists) await humanEdit(editor, title, `Page ${title}\n`);
    }
  });

  it('reads 120 pages with one request when the account has apihighlimits', async () => {
    const bot = await connectAs('bot');
    expect(bot.hasApiHighLimits).toBe(true);
    const before = bot.requestCount;
    const pages = await bot.readPages(titles);
    expect(bot.requestCount - before).toBe(1);
    expect([...pages.values()].filter((p) => p.exists && p.text?.startsWith('Page '))).toHaveLength(120);
  });

  it('reads 120 pages with three requests at 50 titles each otherwise', async () => {
    expect(editor.hasApiHighLimits).toBe(false);
    const before = editor.requestCount;
    const pages = await editor.readPages(titles);
    expect(editor.requestCount - before).toBe(3);
    expect(pages.size).toBe(120);
  });
});
