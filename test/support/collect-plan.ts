// For tests that look at a task's plan as a whole: its parts (Task.plan) merged in order.
import type { TaskPlan } from '../../src/core/task';

export async function collectPlan(parts: AsyncIterable<TaskPlan>): Promise<TaskPlan & { parts: number }> {
  const plan: TaskPlan & { parts: number } = { actions: [], records: [], notes: [], parts: 0 };
  for await (const part of parts) {
    plan.parts++;
    plan.actions.push(...part.actions);
    plan.records?.push(...(part.records ?? []));
    plan.notes?.push(...(part.notes ?? []));
  }
  return plan;
}
