// Departments' own schedule pages on the real local MediaWiki, edited by real accounts: Editor1 (an
// ordinary editor), Admin (sysop, trusted through the group listed on the bot's trusted-editors
// page) and the bot. Only what a trusted editor saved reaches the department pages.
import type { Config } from '../../src/config/schema';
import { findRegion } from '../../src/core/managed-region';
import { runTask } from '../../src/core/run-task';
import type { TaskRunReport } from '../../src/core/run-loop';
import type { Runtime } from '../../src/runtime';
import type { WikiClient } from '../../src/wiki/client';
import { escapeWikitext } from '../../src/status/wikitext-text';
import { officeHoursTask } from '../../tasks/office-hours';
import { loadSchedule } from '../../tasks/shared/office-hour-schedule/schedule';
import { readSchedulePages } from '../../tasks/shared/office-hour-schedule/trusted-revisions';
import { connectAs, currentRevId, humanEdit, importRevision, openTestRuntime, pageText, tempFile, testConfig, uniquePrefix } from '../support/local-wiki';
import fs from 'node:fs';

const task = officeHoursTask;
const NOW = new Date('2026-11-21T09:00:00Z');

const session = (id: string, day: number, host = 'meet.example.org') => ({
  id,
  start: `2027-02-0${day}T10:00`,
  timeZone: 'UTC',
  durationMinutes: 30,
  language: 'en',
  link: `https://${host}/${id}`,
});

let editor: WikiClient;
let admin: WikiClient;
let bot: WikiClient;
let runtime: Runtime & { logLines: string[] };
let prefix: string;
let sales: string;
let support: string;
let salesSchedule: string;
let supportSchedule: string;
let trustedPage: string;

const json = (sessions: object[]) => JSON.stringify({ sessions }, null, 2);

async function saveJson(client: WikiClient, title: string, text: string): Promise<number> {
  const response = await client.write({ action: 'edit', title, text, contentmodel: 'json', summary: 'office hours' });
  return response.edit.newrevid ?? response.edit.oldrevid;
}

function configFor(): Config {
  const scheduleFile = tempFile('office-hours.yaml');
  fs.writeFileSync(scheduleFile, 'sessions: []\n');
  return testConfig([task], (c) => {
    const settings = task.settingsSchema.parse({
      scheduleFile,
      onWikiPage: null,
      pages: [{ title: sales }, { title: support }],
      departmentSchedulePage: '{page}/Office hours.json',
      trustedEditors: { users: [], groups: [] },
      trustedEditorsPage: trustedPage,
      meetingHosts: ['meet.example.org'],
    });
    return { ...c, tasks: { ...c.tasks, [task.name]: { ...c.tasks[task.name], settings } } };
  });
}

async function run(): Promise<TaskRunReport> {
  const report = await runTask(
    { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => NOW },
    { task, trigger: 'cli', dryRun: false },
  );
  expect(report.result).toBe('ok');
  return report;
}

/** The office-hours region of a department page as the wiki holds it. */
async function region(title: string): Promise<string> {
  const text = (await pageText(editor, title)) ?? '';
  const found = findRegion(text, 'office-hours');
  return found.kind === 'found' ? text.slice(found.bodyStart, found.bodyEnd) : '';
}

beforeAll(async () => {
  [editor, admin, bot] = await Promise.all([connectAs('editor'), connectAs('admin'), connectAs('bot')]);
  prefix = uniquePrefix('office-hours-trusted');
  sales = `${prefix}Sales`;
  support = `${prefix}Support`;
  salesSchedule = `${sales}/Office hours.json`;
  supportSchedule = `${support}/Office hours.json`;
  trustedPage = `User:${bot.userName}/${prefix.replace(/\//g, ' ')}trusted-editors.json`;
  for (const title of [sales, support]) await humanEdit(editor, title, 'Our team.\n\n== Office hours ==\nCome and ask.');
  // The operator's list on the wiki: sysops are trusted.
  await saveJson(bot, trustedPage, JSON.stringify({ users: [], groups: ['sysop'] }));
  await saveJson(admin, salesSchedule, json([session('sales-a', 2)]));
  await saveJson(admin, supportSchedule, json([session('support-z', 3)]));
  runtime = await openTestRuntime({ tasks: [task], config: configFor() });
});

afterAll(() => runtime?.close());

describe('department schedule pages and trusted editors on the local wiki', () => {
  it('MediaWiki keeps the trusted-editors page out of an ordinary editor\'s reach', async () => {
    await expect(saveJson(editor, trustedPage, JSON.stringify({ users: ['Editor1'] }))).rejects.toThrow(/customjsonprotected|permission/i);
  });

  it('publishes a trusted editor\'s sessions on each department page', async () => {
    const report = await run();
    expect(await region(sales)).toContain('https://meet.example.org/sales-a');
    expect(await region(support)).toContain('https://meet.example.org/support-z');
    expect(report.notes.filter((n) => n.includes('waiting'))).toEqual([]);
  });

  it('reads the on-wiki JSON page in the same request as the department pages (issue 20: requests at the bound)', async () => {
    const onWikiPage = `User:${bot.userName}/${prefix.replace(/\//g, ' ')}office-hours.json`;
    await saveJson(bot, onWikiPage, json([{ ...session('bot-page-a', 5), page: sales }]));
    const source = {
      scheduleFile: tempFile('office-hours.yaml'),
      onWikiPage,
      meetingHosts: ['meet.example.org'],
      departments: { pageTemplate: '{page}/Office hours.json', departments: [sales, support], trustedEditors: { users: [], groups: [] }, trustedEditorsPage: trustedPage },
    };
    fs.writeFileSync(source.scheduleFile, 'sessions: []\n');
    const before = bot.requestCount;
    const schedule = await loadSchedule({ now: NOW, wiki: bot, ledger: runtime.ledger, log: runtime.log }, source);
    // One read of the four pages (both schedule pages, the trusted-editors page, the on-wiki page); Admin's groups.
    expect(bot.requestCount - before).toBe(2);
    expect(schedule.sessions.map((s) => `${s.id} ${s.page}`).sort()).toEqual([`bot-page-a ${sales}`, `sales-a ${sales}`, `support-z ${support}`]);
    expect(schedule.notes).toEqual([]);
  });

  it('holds back an ordinary editor\'s change and reports it as waiting, with a diff link', async () => {
    const trustedRev = await currentRevId(editor, salesSchedule);
    const editorRev = await saveJson(editor, salesSchedule, json([session('sales-a', 2), session('sales-b', 4)]));
    const report = await run();
    expect(await region(sales)).toContain('https://meet.example.org/sales-a');
    expect(await region(sales)).not.toContain('sales-b');
    expect(report.notes).toContain(
      `${salesSchedule}: 1 later revision is waiting for a trusted editor (not published); see ${new URL('index.php', runtime.wiki.apiUrl).toString()}?diff=${editorRev}&oldid=${trustedRev}`,
    );
    expect(await region(support)).toContain('https://meet.example.org/support-z');
    // The status page puts notes in as escaped text: the wiki still renders the diff URL as a link.
    const note = report.notes.find((n) => n.includes('waiting for a trusted editor')) ?? '';
    const parsed = await editor.query({ action: 'parse', contentmodel: 'wikitext', prop: 'text', text: `* ${escapeWikitext(note)}` });
    expect(String(parsed.parse.text)).toContain(`href="${new URL('index.php', runtime.wiki.apiUrl).toString()}?diff=${editorRev}&amp;oldid=${trustedRev}"`);
  });

  it('reads every schedule page in few requests: 4 with one held page', async () => {
    const titles = [salesSchedule, supportSchedule];
    const trust = { configured: { users: [], groups: [] }, page: trustedPage };
    // Read as the bot: its own revisions are trusted.
    const before = bot.requestCount;
    const read = await readSchedulePages(bot, titles, trust);
    // latest revisions of all pages + the trusted page; groups of their editors; Sales' history; content by revid.
    // (Admin's groups are learned with the latest revisions' editors, so the history adds no group lookup.)
    expect(bot.requestCount - before).toBe(4);
    expect(read.pages.get(salesSchedule)).toMatchObject({ kind: 'read', held: { count: 1 } });
    expect(read.pages.get(supportSchedule)).toMatchObject({ kind: 'read', held: null });
  });

  it('publishes the held change once a trusted editor carries it forward', async () => {
    await saveJson(admin, salesSchedule, json([session('sales-a', 2), { ...session('sales-b', 4), notes: 'Checked by staff.' }]));
    const report = await run();
    const text = await region(sales);
    expect(text).toContain('https://meet.example.org/sales-a');
    expect(text).toContain('https://meet.example.org/sales-b');
    expect(report.notes.filter((n) => n.includes('waiting'))).toEqual([]);
  });

  it('refuses a link to a host outside the allowlist, even from a trusted editor', async () => {
    await saveJson(admin, salesSchedule, json([session('sales-a', 2), session('sales-b', 4), session('sales-phish', 5, 'meet.example.org.evil.example')]));
    const report = await run();
    expect(report.notes.some((n) => n.startsWith(`${salesSchedule}:`) && n.includes('(id "sales-phish") skipped: link https://meet.example.org.evil.example/sales-phish is not on an allowed meeting host'))).toBe(true);
    const text = await region(sales);
    expect(text).not.toContain('evil.example');
    expect(text).toContain('https://meet.example.org/sales-b');
  });

  it('keeps the last good sessions when the page becomes bad JSON, is deleted or is moved away; the other department is untouched', async () => {
    // MediaWiki refuses invalid JSON in a json page; an imported revision (or a page of another content model) can still hold it.
    importRevision(salesSchedule, '{"sessions": [', 'Admin', 'broken by an import');
    const badJson = await run();
    expect(badJson.notes.some((n) => n.startsWith(`${salesSchedule} cannot be used: not valid JSON`) && n.includes('using the last good on-wiki sessions'))).toBe(true);

    await saveJson(admin, salesSchedule, json([session('sales-a', 2), session('sales-b', 4)]));
    await run();
    await admin.write({ action: 'delete', title: salesSchedule, reason: 'test' });
    const deleted = await run();
    expect(deleted.notes.some((n) => n.startsWith(`${salesSchedule} does not exist; using the last good on-wiki sessions`))).toBe(true);

    await saveJson(admin, salesSchedule, json([session('sales-a', 2), session('sales-b', 4)]));
    await run();
    await admin.write({ action: 'move', from: salesSchedule, to: `${prefix}Elsewhere.json`, reason: 'test' });
    const moved = await run();
    expect(moved.notes.some((n) => n.startsWith(`${salesSchedule} does not exist; using the last good on-wiki sessions`))).toBe(true);

    for (const report of [badJson, deleted, moved]) expect(report.notes.filter((n) => n.includes(supportSchedule))).toEqual([]);
    const text = await region(sales);
    expect(text).toContain('https://meet.example.org/sales-a');
    expect(text).toContain('https://meet.example.org/sales-b');
    expect(await region(support)).toContain('https://meet.example.org/support-z');
  });
});
