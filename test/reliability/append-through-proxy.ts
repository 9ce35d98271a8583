// One real run of the test-only task through the fault proxy: what the regression tests of the
// writer and the client need to reproduce a fault on demand.
import type { Config } from '../../src/config/schema';
import { runTask } from '../../src/core/run-task';
import type { TaskRunReport } from '../../src/core/run-loop';
import type { EditRow } from '../../src/ledger/records';
import { appendTask, type AppendSettings } from '../support/append-task';
import { startFaultProxy, type FaultProxyOptions, type InjectedFault, type ProxiedRequest } from '../support/fault-proxy';
import { openTestRuntime, readCredentials, testConfig } from '../support/local-wiki';

export interface AppendRun {
  report: TaskRunReport;
  injected: readonly InjectedFault[];
  /** Every request the proxy saw, in order. */
  requests: readonly ProxiedRequest[];
  /** The ledger's edits of the run's pages, by title. */
  ledgerEdits: (title: string) => EditRow[];
}

export async function runAppendThroughProxy(
  settings: Partial<AppendSettings>,
  proxyOptions: Pick<FaultProxyOptions, 'rules' | 'concurrentEdit'>,
  wiki: Partial<Config['wiki']> = {},
): Promise<AppendRun> {
  const proxy = await startFaultProxy({ target: readCredentials().serverUrl, seed: 1, ...proxyOptions });
  const config = testConfig([appendTask], (c) => ({
    ...c,
    wiki: { ...c.wiki, ...wiki },
    tasks: { ...c.tasks, 'test-append': { ...c.tasks['test-append'], settings: appendTask.settingsSchema.parse(settings) } },
  }));
  try {
    const runtime = await openTestRuntime({ tasks: [appendTask], config, apiUrl: proxy.apiUrl });
    try {
      const report = await runTask(
        { wiki: runtime.wiki, ledger: runtime.ledger, config, log: runtime.log, clock: () => new Date() },
        { task: appendTask, trigger: 'cli', dryRun: false },
      );
      // A held request may reach the wiki after the run: the caller looks at the wiki once it has.
      await proxy.settled();
      const edits = new Map((settings.pages ?? []).map((title) => [title, runtime.ledger.editsOn(title, appendTask.name)]));
      return { report, injected: proxy.injected, requests: proxy.requests, ledgerEdits: (title) => edits.get(title) ?? [] };
    } finally {
      runtime.close();
    }
  } finally {
    await proxy.close();
  }
}
