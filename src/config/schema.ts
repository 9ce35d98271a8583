// The shape of config/default.yaml (and config/<name>.yaml). Task settings are checked by each
// task's own schema in load-config.ts; here they are only required to be a mapping.
import { z } from 'zod';
import { isValidCron } from '../core/schedule';

export const cronExpression = z.string().refine(isValidCron, { message: 'expected a five-field cron expression, e.g. "0 4 * * *"' });

const allowRule = z
  .object({
    namespace: z.number().int().optional(),
    prefix: z.string().min(1).optional(),
  })
  .strict()
  .refine((rule) => rule.namespace !== undefined || rule.prefix !== undefined, {
    message: 'expected a namespace number, a title prefix, or both',
  });

export const configSchema = z
  .object({
    wiki: z
      .object({
        userAgent: z.string().regex(/\(.*(@|https?:\/\/).*\)/, {
          message: 'expected a User-Agent with contact details in parentheses, e.g. "deptbot/0.1 (https://…; you@example.org)"',
        }),
        assert: z.enum(['bot', 'user']).nullable().default('bot'),
        maxlag: z.number().int().positive().default(5),
        maxRetries: z.number().int().min(0).default(5),
        retryPauseMs: z.number().int().min(0).default(5000),
        maxRetryWaitMs: z.number().int().min(0).default(120000),
        timeoutMs: z.number().int().positive().default(30000),
      })
      .strict(),
    bot: z
      .object({
        docsPage: z.string().min(1).default('User:DeptBot/Tasks'),
        statusPage: z.string().min(1).default('User:DeptBot/Status'),
      })
      .strict(),
    safety: z
      .object({
        allow: z.array(allowRule).min(1),
        shutoffPage: z.string().min(1),
        /** Before a save the shutoff pages are read again once the last read is this old; see SaveSession. */
        shutoffRecheckSeconds: z.number({ message: 'expected a number of seconds, e.g. 5' }).min(0, { message: 'expected a number of seconds, 0 or more (0: read before every save)' }).default(5),
        throttleSeconds: z.number().min(0).default(10),
        editBudget: z.number().int().min(0).default(100),
        conflictRetries: z.number().int().min(0).default(3),
        recentRevisionsChecked: z.number().int().min(1).max(500).default(20),
      })
      .strict(),
    // Which database (src/ledger/ledger-location.ts): a SQLite file, or MariaDB by URL or option file.
    ledger: z
      .object({
        path: z.string().min(1).optional(),
        url: z.string().min(1).optional(),
        mycnf: z.string().min(1).optional(),
        database: z.string().min(1).optional(),
      })
      .strict()
      .refine((ledger) => ledger.path !== undefined || ledger.url !== undefined || ledger.mycnf !== undefined, {
        message: 'give ledger.path (SQLite), ledger.url or ledger.mycnf (MariaDB)',
      }),
    log: z
      .object({
        level: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
        file: z.string().min(1).nullable().default(null),
      })
      .strict(),
    tasks: z.record(
      z.string(),
      z
        .object({
          enabled: z.boolean().default(true),
          schedule: cronExpression.optional(),
          settings: z.record(z.string(), z.unknown()).default({}),
        })
        .strict(),
    ),
  })
  .strict();

export type AllowRule = z.infer<typeof allowRule>;
export type BaseConfig = z.infer<typeof configSchema>;

export interface TaskConfig<S = unknown> {
  enabled: boolean;
  schedule: string;
  settings: S;
}

/** The validated config: every registered task has an entry with its settings parsed by its schema. */
export interface Config extends Omit<BaseConfig, 'tasks'> {
  tasks: Record<string, TaskConfig>;
  /** The files it was read from, for messages. */
  sources: string[];
}
