// Which pages the bot may edit at all: a title passes when it matches any rule of safety.allow.
import type { AllowRule } from '../config/schema';

export function isTitleAllowed(title: string, namespace: number, rules: readonly AllowRule[]): boolean {
  return rules.some(
    (rule) =>
      (rule.namespace === undefined || rule.namespace === namespace) &&
      (rule.prefix === undefined || title.startsWith(rule.prefix)),
  );
}
