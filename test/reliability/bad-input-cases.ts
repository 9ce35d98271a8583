// The bad-input corpus (DESIGN §4, issue 8 part 3): every case is a wrong input an operator, an editor
// or the wiki can hand the bot, with what the bot must answer. bad-input.test.ts runs them.
import fs from 'node:fs';
import type { WikiClient } from '../../src/wiki/client';
import { humanEdit, importRevision } from '../support/local-wiki';
import type { CorpusWorld } from './bad-input-tasks';

/** The clients a case sets pages up with: an editor (a person) and an administrator. */
export interface Wikis {
  editor: WikiClient;
  admin: WikiClient;
}

/** What the output must show: the page, file:line or setting, and what was wrong; and the exit code. */
export interface Expectation {
  exitCode: number;
  names: string[];
  says: RegExp;
  /** Strings that must never be printed (a password). */
  never?: string[];
}

// ---------------------------------------------------------------------------------------------
// Pages: each fixture makes one page bad the way people and the wiki do; every registered task
// that would write such a page is run over it (bad-input-tasks.ts says how, or why not).

export interface PageFixture {
  key: string;
  problem: string;
  /** The page's title under the case's folder (a fixture may need an odd one). */
  titleSuffix?: string;
  /** Makes the page so; `body` is ordinary text of the kind the task writes (a department or talk page). */
  make(wikis: Wikis, title: string, body: string, region: string | null): Promise<unknown>;
  /** Other pages the fixture creates, which must not change either. */
  alsoWatched?(title: string): string[];
  /** What the line about the page must say. */
  says: RegExp;
  /** failed when the wiki refused the save; skipped when the bot declined to make it (a task may know a refusal ahead). */
  status: ReadonlyArray<'skipped' | 'failed'>;
}

async function edit(wikis: Wikis, title: string, text: string): Promise<void> {
  await humanEdit(wikis.editor, title, text, 'bad-input corpus');
}

export const pageFixtures: readonly PageFixture[] = [
  {
    key: 'unclosed-template',
    problem: 'an unclosed template',
    make: (wikis, title, body) => edit(wikis, title, `${body}\n{{Infobox department\n| name = Outreach\n`),
    says: /unbalanced|never closed/,
    status: ['skipped'],
  },
  {
    key: 'stray-braces',
    problem: 'a "}}" that closes no template',
    make: (wikis, title, body) => edit(wikis, title, `${body}\nSee the archive.}}\n`),
    says: /unbalanced|never opened/,
    status: ['skipped'],
  },
  {
    key: 'unclosed-comment',
    problem: 'an unclosed HTML comment',
    make: (wikis, title, body) => edit(wikis, title, `${body}\n<!-- TODO: update after the reorganisation\n`),
    says: /unbalanced|comment .*never closed/,
    status: ['skipped'],
  },
  {
    key: 'unclosed-translate',
    problem: 'an unclosed <translate>',
    // Translate refuses to save such a page (pt-parse-open, MediaWiki 1.43); pages saved before it
    // checked, or imported, still have it: imported here, which Translate's edit check does not see.
    make: async (_wikis, title, body) => importRevision(title, `<translate>\n${body}`, 'Editor1', 'bad-input corpus'),
    says: /unbalanced|<translate>/,
    status: ['skipped'],
  },
  {
    key: 'deleted',
    problem: 'a deleted page',
    make: async (wikis, title, body) => {
      await edit(wikis, title, body);
      await wikis.admin.write({ action: 'delete', title, reason: 'bad-input corpus: department page deleted' });
    },
    says: /does not exist|deleted/,
    status: ['skipped'],
  },
  {
    key: 'moved',
    problem: 'a page moved away (a redirect is left)',
    make: async (wikis, title, body) => {
      await edit(wikis, title, body);
      await wikis.admin.write({ action: 'move', from: title, to: `${title} (renamed)`, reason: 'bad-input corpus: department renamed' });
    },
    alsoWatched: (title) => [`${title} (renamed)`],
    says: /redirect/,
    status: ['skipped'],
  },
  {
    key: 'redirect',
    problem: 'a redirect',
    make: async (wikis, title, body) => {
      await edit(wikis, `${title} target`, body);
      await edit(wikis, title, `#REDIRECT [[${title} target]]\n`);
    },
    alsoWatched: (title) => [`${title} target`],
    says: /redirect/,
    status: ['skipped'],
  },
  {
    key: 'protected',
    problem: 'a protected page',
    make: async (wikis, title, body) => {
      await edit(wikis, title, body);
      await wikis.admin.write({ action: 'protect', title, protections: 'edit=sysop', reason: 'bad-input corpus' });
    },
    says: /protected/,
    status: ['failed', 'skipped'],
  },
  {
    key: 'missing',
    problem: 'a page that never existed',
    make: async () => undefined,
    says: /does not exist|no talk page/,
    status: ['skipped'],
  },
  {
    key: 'non-wikitext',
    problem: 'a page with the JSON content model',
    // As an administrator: setting a content model is rate-limited for ordinary users (8 a minute).
    make: (wikis, title) => wikis.admin.write({ action: 'edit', title, text: '{"department": "Outreach"}', contentmodel: 'json', summary: 'bad-input corpus' }),
    says: /content model json/,
    status: ['skipped'],
  },
  {
    key: 'invalid-title',
    problem: 'an invalid title',
    titleSuffix: 'invalid [title]',
    make: async () => undefined,
    says: /not a valid title|invalid|does not exist|no talk page/,
    status: ['skipped'],
  },
  {
    key: 'nobots',
    problem: 'a page opted out with {{nobots}}',
    make: (wikis, title, body) => edit(wikis, title, `{{nobots}}\n${body}`),
    says: /nobots/,
    status: ['skipped'],
  },
  {
    key: 'broken-region',
    problem: 'a managed region with no end marker',
    make: (wikis, title, body, region) => edit(wikis, title, `${body}\n<!-- deptbot:${region} -->\nAn old list.\n`),
    says: /start marker|end marker/,
    status: ['skipped'],
  },
];

// ---------------------------------------------------------------------------------------------
// The command line: config, environment, connection, usage, shutoff, saved plans, schedules.

/** What a command-line case is run with. */
export interface CaseContext {
  world: CorpusWorld;
  wikis: Wikis;
  /** A retired department page under the case's prefix: a valid run would put a banner on it. */
  controlPage: string;
  /** The config folder of this case (default.yaml covers controlPage); overlays are written here. */
  configDir: string;
  /** A folder for files the case writes (plans, schedules). */
  caseDir: string;
  /** The shipped credentials as .env gives them. */
  env: NodeJS.ProcessEnv;
  apiUrl: string;
  /** Runs deptbot with this case's config folder and env. */
  deptbot(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** A TCP port on 127.0.0.1 where nothing listens. */
  closedPort: number;
  /** An HTTP server on 127.0.0.1 that answers every request with an HTML page (not MediaWiki). */
  htmlServerUrl: string;
}

export type CliArea = 'config' | 'schedule' | 'environment' | 'connection' | 'usage' | 'shutoff' | 'plan-file' | 'on-wiki JSON';

export interface CliCase {
  area: CliArea;
  name: string;
  /** config/bad-input.yaml, chosen with DEPTBOT_CONFIG=bad-input. */
  overlay?: (ctx: CaseContext) => string;
  /** The environment (default: the bot's credentials, plus DEPTBOT_CONFIG when there is an overlay). */
  env?: (ctx: CaseContext) => NodeJS.ProcessEnv;
  /** Default: `run historical-banner` (which would edit the control page). */
  args?: (ctx: CaseContext) => string[];
  /** Sets up wiki pages or files; the watched pages are snapshotted after it. */
  prepare?: (ctx: CaseContext) => Promise<unknown>;
  expect: (ctx: CaseContext) => Expectation;
  /** Pages that must not change (the control page is always watched unless `controlEdited`). */
  watched?: (ctx: CaseContext) => string[];
  /** The run may go on: the control page must then get its banner, and nothing else of it change. */
  controlEdited?: boolean;
  /** Pages that must be edited additively (every line kept, in order), with these texts in them. */
  editedWith?: (ctx: CaseContext) => Array<{ title: string; contains: string[] }>;
}

const overlayLine = (line: number, path: string): string[] => [`bad-input.yaml:${line}`, path];

const config = (name: string, overlay: string, line: number, path: string, says: RegExp): CliCase => ({
  area: 'config',
  name,
  overlay: () => overlay,
  expect: () => ({ exitCode: 2, names: overlayLine(line, path), says }),
});

const malformed = (name: string, overlay: string): CliCase => ({
  area: 'config',
  name,
  overlay: () => overlay,
  expect: () => ({ exitCode: 2, names: ['bad-input.yaml:'], says: /not valid YAML/ }),
});

/** Cases about one task's config block, made for every registered task. */
export function taskConfigCases(task: string, wrongSetting: { yaml: string; path: string }): CliCase[] {
  return [
    config(`${task}: a cron schedule with minute 61`, `tasks:\n  ${task}:\n    schedule: "61 * * * *"\n`, 3, `tasks.${task}.schedule`, /cron expression/),
    config(`${task}: a wrong type in its settings`, `tasks:\n  ${task}:\n    settings:\n      ${wrongSetting.yaml}\n`, 4, wrongSetting.path, /expected|invalid|too small|number/i),
  ];
}

const credentials = (ctx: CaseContext, change: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const env = { ...ctx.env, ...change };
  for (const [name, value] of Object.entries(change)) if (value === undefined) delete env[name];
  return env;
};

/** .env with one variable changed (undefined: removed); the bot must not start. */
const environment = (name: string, change: NodeJS.ProcessEnv, names: string[], says: RegExp): CliCase => ({
  area: 'environment',
  name,
  env: (ctx) => credentials(ctx, change),
  expect: () => ({ exitCode: 2, names, says }),
});

function sessionYaml(fields: Record<string, string | number>): string {
  const base = { id: 'bad-entry', page: 'Community Resilience and Sustainability', start: '2027-01-21T08:00', timeZone: 'UTC', durationMinutes: 60, language: 'en', link: 'https://meet.example.org/x' };
  return `sessions:\n  - ${Object.entries({ ...base, ...fields })
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? JSON.stringify(value) : value}`)
    .join('\n    ')}\n`;
}

/** office-hours.yaml cases: the schedule file is validated with the config, so the bot does not start. */
function scheduleCase(name: string, text: string, names: (file: string) => string[], says: RegExp): CliCase {
  const file = (ctx: CaseContext) => `${ctx.caseDir}/office-hours.yaml`;
  return {
    area: 'schedule',
    name,
    prepare: async (ctx) => fs.writeFileSync(file(ctx), text),
    overlay: (ctx) => `tasks:\n  office-hours:\n    settings:\n      scheduleFile: ${JSON.stringify(file(ctx))}\n      onWikiPage: null\n`,
    expect: (ctx) => ({ exitCode: 2, names: names(file(ctx)), says }),
  };
}

/** Where a saved plan goes, and a saved plan of the control page to start from. */
const planFile = (ctx: CaseContext) => `${ctx.caseDir}/plan.json`;

async function savePlan(ctx: CaseContext, change: (plan: Record<string, any>) => void = () => undefined): Promise<void> {
  const planned = await ctx.deptbot(['plan', 'historical-banner', '--json', planFile(ctx)]);
  if (planned.exitCode !== 0) throw new Error(`deptbot plan failed while preparing the case: ${planned.stderr}`);
  const plan = JSON.parse(fs.readFileSync(planFile(ctx), 'utf8'));
  change(plan);
  fs.writeFileSync(planFile(ctx), JSON.stringify(plan, null, 2));
}

export const cliCases: readonly CliCase[] = [
  malformed('malformed YAML: an unclosed flow sequence', 'safety:\n  allow: [\n'),
  malformed('malformed YAML: a tab used for indentation', 'safety:\n\tthrottleSeconds: 3\n'),
  malformed('malformed YAML: an unterminated quoted string', 'wiki:\n  userAgent: "deptbot (ops@example.org)\n'),
  malformed('malformed YAML: a key given twice', 'safety:\n  editBudget: 5\n  editBudget: 6\n'),
  {
    area: 'config',
    name: 'a list where the settings mapping should be',
    overlay: () => '- safety\n- wiki\n',
    expect: () => ({ exitCode: 2, names: ['bad-input.yaml'], says: /expected a mapping/ }),
  },
  config('a word where a number of seconds goes', 'wiki:\n  maxlag: five\n', 2, 'wiki.maxlag', /number/),
  config('a fraction where a count goes', 'safety:\n  editBudget: 2.5\n', 2, 'safety.editBudget', /int/i),
  config('an empty allowlist', 'safety:\n  allow: []\n', 2, 'safety.allow', /too small|at least|>=1/i),
  config('a misspelt key', 'safety:\n  throttle: 3\n', 2, 'safety', /throttle/),
  config('a log level that does not exist', 'log:\n  level: verbose\n', 2, 'log.level', /error|warn|info|debug/),
  config('a User-Agent without contact details', 'wiki:\n  userAgent: deptbot\n', 2, 'wiki.userAgent', /contact details/),
  config('an unknown task name in the config', 'tasks:\n  no-such-task: { enabled: true }\n', 2, 'tasks.no-such-task', /unknown task "no-such-task"/),
  config('"yes" in quotes where a boolean goes', 'tasks:\n  historical-banner:\n    enabled: "yes"\n', 3, 'tasks.historical-banner.enabled', /boolean/),
  config('a cron schedule with four fields', 'tasks:\n  historical-banner:\n    schedule: "0 4 * *"\n', 3, 'tasks.historical-banner.schedule', /five-field cron/),
  config('a cron schedule in words', 'tasks:\n  historical-banner:\n    schedule: every day at four\n', 3, 'tasks.historical-banner.schedule', /five-field cron/),
  {
    area: 'config',
    name: 'DEPTBOT_CONFIG naming an overlay that does not exist',
    env: (ctx) => credentials(ctx, { DEPTBOT_CONFIG: 'no-such-overlay' }),
    expect: () => ({ exitCode: 2, names: ['no-such-overlay.yaml'], says: /cannot be read/ }),
  },

  scheduleCase('office-hours.yaml: a time zone that does not exist', sessionYaml({ timeZone: 'Mars/Olympus_Mons' }), (f) => [`${f}:`, 'sessions[0].timeZone', 'bad-entry'], /time zone/i),
  scheduleCase('office-hours.yaml: an RRULE that does not parse', sessionYaml({ rrule: 'FREQ=SOMETIMES' }), (f) => [`${f}:`, 'sessions[0].rrule', 'bad-entry'], /RRULE|rrule|FREQ/),
  scheduleCase('office-hours.yaml: a start without a time', sessionYaml({ start: '2027-01-21' }), (f) => [`${f}:`, 'sessions[0].start', 'bad-entry'], /YYYY-MM-DDTHH:mm|start/),
  scheduleCase(
    'office-hours.yaml: two sessions with one id',
    `${sessionYaml({})}${sessionYaml({ start: '2027-02-21T08:00' }).replace('sessions:\n', '')}`,
    (f) => [`${f}:`, 'sessions[1].id', 'bad-entry'],
    /used by an earlier session/,
  ),
  scheduleCase('office-hours.yaml: malformed YAML', 'sessions:\n  - id: x\n    page: [unclosed\n', (f) => [`${f}:`], /not valid YAML/),

  environment('MW_API_URL not set', { MW_API_URL: undefined }, ['MW_API_URL'], /not set/),
  environment(
    'MW_API_URL pointing at an article, not api.php',
    { MW_API_URL: 'https://meta.wikimedia.org/wiki/Main_Page' },
    ['MW_API_URL', 'https://meta.wikimedia.org/wiki/Main_Page'],
    /api\.php/,
  ),
  environment('MW_USERNAME not set', { MW_USERNAME: undefined }, ['MW_USERNAME'], /not set/),
  environment('MW_USERNAME without the BotPassword app name', { MW_USERNAME: 'DeptBot' }, ['MW_USERNAME', '"DeptBot"'], /BotPassword/),
  environment('MW_PASSWORD not set', { MW_PASSWORD: undefined }, ['MW_PASSWORD'], /not set/),

  {
    area: 'connection',
    name: 'a wrong BotPassword',
    env: (ctx) => credentials(ctx, { MW_PASSWORD: 'wrongpassword0123456789abcdefghijkl' }),
    expect: (ctx) => ({ exitCode: 2, names: [String(ctx.env.MW_USERNAME), ctx.apiUrl], says: /log in/i, never: ['wrongpassword0123456789abcdefghijkl'] }),
  },
  {
    area: 'connection',
    name: 'an unreachable wiki (a closed port)',
    env: (ctx) => credentials(ctx, { MW_API_URL: `http://127.0.0.1:${ctx.closedPort}/api.php` }),
    // Issue 17: no answer is not bad config (2, never restarted by systemd) but exit 4, and not "refused".
    expect: (ctx) => ({ exitCode: 4, names: [`http://127.0.0.1:${ctx.closedPort}/api.php`], says: /Could not reach the wiki .*ECONNREFUSED: nothing accepts connections/ }),
  },
  {
    area: 'connection',
    name: 'MW_API_URL at a path of the wiki where no API answers',
    env: (ctx) => credentials(ctx, { MW_API_URL: ctx.apiUrl.replace(/api\.php$/, 'w/api.php') }),
    expect: (ctx) => ({ exitCode: 2, names: [ctx.apiUrl.replace(/api\.php$/, 'w/api.php')], says: /log in|404/i }),
  },
  {
    area: 'connection',
    name: 'MW_API_URL at a web server that is not MediaWiki',
    env: (ctx) => credentials(ctx, { MW_API_URL: ctx.htmlServerUrl }),
    expect: (ctx) => ({ exitCode: 2, names: [ctx.htmlServerUrl], says: /log in|JSON|invalid/i }),
  },
  {
    area: 'connection',
    name: 'MW_API_URL answered by a redirect (a moved wiki)',
    env: (ctx) => credentials(ctx, { MW_API_URL: ctx.htmlServerUrl.replace(/api\.php$/, 'moved/api.php') }),
    expect: (ctx) => ({ exitCode: 2, names: [ctx.htmlServerUrl.replace(/api\.php$/, 'moved/api.php')], says: /HTTP 301/ }),
  },
  {
    area: 'connection',
    name: 'an OAuth 2 token the wiki does not accept',
    env: (ctx) => credentials(ctx, { MW_OAUTH2_TOKEN: 'not-a-real-token-9f8e7d6c5b4a', MW_USERNAME: undefined, MW_PASSWORD: undefined }),
    expect: (ctx) => ({ exitCode: 2, names: [ctx.apiUrl], says: /credentials|OAuth|log in/i, never: ['not-a-real-token-9f8e7d6c5b4a'] }),
  },

  {
    area: 'usage',
    name: 'an unknown task name on the command line',
    args: () => ['run', 'no-such-task'],
    expect: () => ({ exitCode: 2, names: ['"no-such-task"', 'historical-banner'], says: /Unknown task/ }),
  },
  {
    area: 'usage',
    name: 'plan without a task or --all',
    args: () => ['plan'],
    expect: () => ({ exitCode: 2, names: ['--all'], says: /Name at least one task/ }),
  },
  {
    area: 'usage',
    name: 'a command that does not exist',
    args: () => ['frobnicate'],
    expect: () => ({ exitCode: 2, names: ['frobnicate'], says: /unknown command/ }),
  },
  {
    area: 'usage',
    name: '--page without a title',
    args: () => ['run', 'historical-banner', '--page'],
    expect: () => ({ exitCode: 2, names: ['--page'], says: /argument missing|missing/ }),
  },

  {
    area: 'shutoff',
    name: 'the global shutoff page says stop',
    prepare: async (ctx) => {
      await humanEdit(ctx.wikis.editor, `User:DeptBot/${ctx.world.prefix}Shutoff stop`, 'Stop: the bot is breaking tables. ~~~~');
    },
    overlay: (ctx) => `safety:\n  shutoffPage: "User:DeptBot/${ctx.world.prefix}Shutoff stop"\n`,
    expect: (ctx) => ({ exitCode: 3, names: [`User:DeptBot/${ctx.world.prefix}Shutoff stop`], says: /shutoff|breaking tables/ }),
  },
  {
    area: 'shutoff',
    name: "the task's own shutoff page says stop",
    prepare: async (ctx) => {
      await humanEdit(ctx.wikis.editor, `User:DeptBot/${ctx.world.prefix}Shutoff task/historical-banner`, 'Paused while we discuss the banner wording.');
    },
    overlay: (ctx) => `safety:\n  shutoffPage: "User:DeptBot/${ctx.world.prefix}Shutoff task"\n`,
    expect: (ctx) => ({ exitCode: 3, names: [`User:DeptBot/${ctx.world.prefix}Shutoff task/historical-banner`], says: /shut off|Paused/ }),
  },
  {
    area: 'shutoff',
    name: 'a shutoff page that does not exist (the run goes on)',
    overlay: (ctx) => `safety:\n  shutoffPage: "User:DeptBot/${ctx.world.prefix}Shutoff never created"\n`,
    expect: (ctx) => ({ exitCode: 0, names: [ctx.controlPage], says: /edited/ }),
    controlEdited: true,
  },
  {
    area: 'shutoff',
    name: 'a shutoff page setting that is not a valid title',
    overlay: () => 'safety:\n  shutoffPage: "User:DeptBot/Shutoff[draft]"\n',
    expect: () => ({ exitCode: 3, names: ['User:DeptBot/Shutoff[draft]'], says: /not a valid title|could not be read/ }),
  },

  {
    area: 'plan-file',
    name: 'apply: a plan file that is not JSON',
    prepare: async (ctx) => fs.writeFileSync(planFile(ctx), '{"format": "deptbot-plan", "tasks": [\n'),
    args: (ctx) => ['apply', planFile(ctx)],
    expect: (ctx) => ({ exitCode: 2, names: [planFile(ctx)], says: /JSON/ }),
  },
  {
    area: 'plan-file',
    name: 'apply: a JSON file that is not a plan',
    prepare: async (ctx) => fs.writeFileSync(planFile(ctx), JSON.stringify({ pages: ['Community Engagement'] })),
    args: (ctx) => ['apply', planFile(ctx)],
    expect: (ctx) => ({ exitCode: 2, names: [planFile(ctx)], says: /format|expected|plan/i }),
  },
  {
    area: 'plan-file',
    name: 'apply: a plan file that does not exist',
    args: (ctx) => ['apply', `${ctx.caseDir}/never-saved.json`],
    expect: (ctx) => ({ exitCode: 2, names: [`${ctx.caseDir}/never-saved.json`], says: /ENOENT|cannot be read|not found|does not exist/ }),
  },
  {
    area: 'plan-file',
    name: 'apply: a plan for a task this deptbot does not know',
    prepare: (ctx) =>
      savePlan(ctx, (plan) => {
        plan.tasks[0].task = 'no-such-task';
      }),
    args: (ctx) => ['apply', planFile(ctx)],
    expect: (ctx) => ({ exitCode: 2, names: [planFile(ctx), '"no-such-task"'], says: /does not know/ }),
  },
  {
    area: 'plan-file',
    name: 'apply: a plan made on another wiki',
    prepare: (ctx) =>
      savePlan(ctx, (plan) => {
        plan.apiUrl = 'https://meta.wikimedia.org/w/api.php';
      }),
    args: (ctx) => ['apply', planFile(ctx)],
    expect: (ctx) => ({ exitCode: 2, names: [planFile(ctx), 'https://meta.wikimedia.org/w/api.php'], says: /re-plan/ }),
  },
  {
    area: 'plan-file',
    name: 'apply: a stale plan (a person edited the page since)',
    prepare: async (ctx) => {
      await savePlan(ctx);
      await humanEdit(ctx.wikis.editor, ctx.controlPage, 'This department was renamed; see the new page.\n', 'human edit after the plan');
    },
    args: (ctx) => ['apply', planFile(ctx)],
    expect: (ctx) => ({ exitCode: 1, names: [ctx.controlPage], says: /changed since the plan was made|re-plan/ }),
  },
];

// ---------------------------------------------------------------------------------------------
// office-hours' on-wiki JSON page: staff edit it, so a bad entry is reported and skipped, and the
// rest of the schedule still reaches the department page (exit 0: the run did its job).

export interface OnWikiJsonCase {
  name: string;
  /** The page's text (null: deleted), and whether it is saved with the JSON content model (MediaWiki refuses invalid JSON there). */
  text: (department: string) => string | null;
  json: boolean;
  /** First a good version of the page is read by a run (the last good data), then the page goes bad. */
  afterGoodVersion?: boolean;
  /** The note must say this (and name the page). */
  says: RegExp;
  /** Texts the department page must show afterwards (the file's session; the good on-wiki entry). */
  shows: string[];
}

/** A valid on-wiki entry, shown on the department page as Thursday, 11 February 2027. */
export const goodOnWikiEntry = (department: string) => ({
  id: 'json-ok',
  page: department,
  start: '2027-02-11T16:00',
  timeZone: 'UTC',
  durationMinutes: 60,
  language: 'en',
  link: 'https://meet.example.org/json-ok',
});

/** The session of the case's schedule file, shown as Thursday, 4 March 2027. */
export const fileSession = (department: string) => ({ ...goodOnWikiEntry(department), id: 'file-session', start: '2027-03-04T16:00', link: 'https://meet.example.org/file' });

const withEntry = (entry: Record<string, unknown>) => (department: string) =>
  JSON.stringify({ sessions: [goodOnWikiEntry(department), { ...goodOnWikiEntry(department), id: 'json-bad', start: '2027-02-18T16:00', ...entry }] }, null, 1);

export const onWikiJsonCases: readonly OnWikiJsonCase[] = [
  { name: 'a wikitext page holding broken JSON', text: () => '{"sessions": [ {"id": "x", ', json: false, says: /JSON|not .*json/i, shows: ['4 March 2027'] },
  { name: 'valid JSON of the wrong shape', text: () => JSON.stringify({ session: [] }), json: true, says: /sessions/, shows: ['4 March 2027'] },
  { name: 'an entry with a time zone that does not exist', text: withEntry({ timeZone: 'Europe/Atlantis' }), json: true, says: /json-bad/, shows: ['4 March 2027', '11 February 2027'] },
  { name: 'an entry with an RRULE that does not parse', text: withEntry({ rrule: 'FREQ=FORTNIGHTLY' }), json: true, says: /json-bad/, shows: ['4 March 2027', '11 February 2027'] },
  { name: 'an entry with a duration of zero', text: withEntry({ durationMinutes: 0 }), json: true, says: /json-bad/, shows: ['4 March 2027', '11 February 2027'] },
  { name: 'an entry reusing the id of a session in the file', text: withEntry({ id: 'file-session' }), json: true, says: /file-session/, shows: ['4 March 2027', '11 February 2027'] },
  // exdate and overrides entries that cannot be applied: only that entry is left out, the session stays.
  {
    name: 'an entry cancelling a date that is not one of its occurrences',
    text: withEntry({ exdate: ['2027-02-19'] }),
    json: true,
    says: /exdate\[0\]: "2027-02-19" is not an occurrence/,
    shows: ['4 March 2027', '11 February 2027', '18 February 2027'],
  },
  {
    name: 'an entry changing one occurrence twice',
    // Weekly from 11 March, so the page's three next sessions are 11 February, 4 March and 11 March.
    text: withEntry({
      start: '2027-03-11T16:00',
      rrule: 'FREQ=WEEKLY;COUNT=2',
      overrides: [{ occurrence: '2027-03-11', notes: 'A' }, { occurrence: '2027-03-11T16:00', notes: 'B' }],
    }),
    json: true,
    says: /overrides\[1\]: "2027-03-11T16:00" is already changed by overrides\[0\]/,
    shows: ['4 March 2027', '11 February 2027', '11 March 2027'],
  },
  {
    name: 'the schedule page deleted after a good version (the last good data keeps working)',
    text: () => null,
    json: true,
    afterGoodVersion: true,
    says: /does not exist|missing|deleted/,
    shows: ['4 March 2027', '11 February 2027'],
  },
  {
    name: 'a good schedule page overwritten with the wrong shape (the last good data keeps working)',
    text: () => JSON.stringify({ sessions: 'see talk page' }),
    json: true,
    afterGoodVersion: true,
    says: /sessions/,
    shows: ['4 March 2027', '11 February 2027'],
  },
];
