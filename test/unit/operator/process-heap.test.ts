// The young generation's size is a Node option fixed at start-up (src/process-heap.ts): every place
// that starts a deployed deptbot process gives the same one, and V8 keeps to it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { YOUNG_GENERATION_OPTION } from '../../../src/process-heap';

const repoRoot = path.join(__dirname, '..', '..', '..');

/** The young generation's size, in MB, after a process started with `nodeOptions` built a list of 3 million objects. */
function youngGenerationMb(nodeOptions: string): number {
  const script =
    'const list = []; for (let i = 0; i < 3e6; i++) list.push({ i });' +
    'const space = require("v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space");' +
    'process.stdout.write(String(list.length === 3e6 ? space.space_size / 1048576 : -1));';
  return Number(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, NODE_OPTIONS: nodeOptions }, encoding: 'utf8' }));
}

describe('the young generation option', () => {
  it('is given by the Toolforge job script and the systemd unit, as NODE_OPTIONS that keep the operator’s own', () => {
    const runTask = fs.readFileSync(path.join(repoRoot, 'deploy', 'toolforge', 'run-task.sh'), 'utf8');
    expect(runTask).toContain(`export NODE_OPTIONS="${YOUNG_GENERATION_OPTION}\${NODE_OPTIONS:+ $NODE_OPTIONS}"`);
    const unit = fs.readFileSync(path.join(repoRoot, 'deploy', 'systemd', 'deptbot.service'), 'utf8');
    expect(unit).toContain(`Environment=NODE_OPTIONS=${YOUNG_GENERATION_OPTION}\n`);
  });

  it('keeps V8’s young generation at two semi-spaces of its size, where V8 alone lets it grow further', () => {
    const semiSpaceMb = Number(/^--max-semi-space-size=(\d+)$/.exec(YOUNG_GENERATION_OPTION)?.[1]);
    expect(semiSpaceMb).toBeGreaterThan(0);
    expect(youngGenerationMb(YOUNG_GENERATION_OPTION)).toBeLessThanOrEqual(2 * semiSpaceMb);
    expect(youngGenerationMb('')).toBeGreaterThan(2 * semiSpaceMb);
  });
});
