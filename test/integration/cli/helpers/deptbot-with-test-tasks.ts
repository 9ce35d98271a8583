// The real `deptbot` entry point (dotenv, process env, signals) with the test-only task registered,
// for tests that need separate processes: `node -r register-ts.js deptbot-with-test-tasks.ts <args>`.
import { main } from '../../../../src/cli';
import { appendTask } from '../../../support/append-task';

main(process.argv, { tasks: [appendTask] }).then((code) => {
  process.exitCode = code;
});
