// For `npm run screenshots`: writes the translation-status report (User:DeptBot/Translation status)
// on the local wiki, which has no Translate extension, through the Translate replay
// (test/support/translate-replay.ts), as the integration tests do. Its ledger is a temporary one,
// so the demo's ledger (data/local.sqlite) and what the demo's runs report stay as they were.
// Run from the checkout (scripts/screenshots.sh does): paths are relative to it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import { runTask } from '../../src/core/run-task';
import { openRuntime } from '../../src/runtime';
import { registeredTasks } from '../../tasks';
import { RECORDED_GROUP, startTranslateReplay } from '../../test/support/translate-replay';

const REPORT_PAGE = 'User:DeptBot/Translation status';

async function main(): Promise<void> {
  const task = registeredTasks.find((t) => t.name === 'translation-status');
  if (!task) throw new Error('translation-status is not registered');
  const credentials = JSON.parse(fs.readFileSync('test/wiki/.data/credentials.json', 'utf8'));
  const replay = await startTranslateReplay({ target: credentials.serverUrl, dir: 'test/unit/translation-status/recordings' });
  const base = loadConfig(['config/default.yaml', 'config/local.yaml'], registeredTasks);
  const config = {
    ...base,
    ledger: { path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deptbot-screenshots-')), 'ledger.sqlite') },
    log: { ...base.log, file: null },
    tasks: {
      ...base.tasks,
      [task.name]: { ...base.tasks[task.name], settings: task.settingsSchema.parse({ reportPage: REPORT_PAGE, pages: [RECORDED_GROUP.replace(/^page-/, '')] }) },
    },
  };
  const { password, username } = credentials.bot;
  const env = { apiUrl: replay.apiUrl, auth: { kind: 'bot-password' as const, username, password }, secrets: [password] };
  try {
    const runtime = await openRuntime({ env, configDir: 'config', tasks: registeredTasks, dryRun: false, config, pretty: false, logStream: fs.createWriteStream('/dev/null') });
    try {
      const report = await runTask(
        { wiki: runtime.wiki, ledger: runtime.ledger, config: runtime.config, log: runtime.log, clock: () => new Date() },
        { task, trigger: 'cli', dryRun: false },
      );
      const saved = report.outcomes.filter((o) => o.title === REPORT_PAGE).map((o) => o.status);
      process.stdout.write(`screenshots: translation report ${saved.join(', ') || 'not written'} (run ${report.result})\n`);
      if (report.result !== 'ok') process.exitCode = 1;
    } finally {
      runtime.close();
    }
  } finally {
    await replay.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`translation-report: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
