// Typed errors with stable codes: callers branch on `code`, people read `message`.

export type DeptbotErrorCode =
  | 'config'
  | 'usage'
  | 'wiki'
  | 'edit-conflict'
  | 'write-outcome-unknown'
  | 'protected-page'
  | 'shutoff'
  | 'dry-run-write'
  | 'login'
  | 'lock-held';

export class DeptbotError extends Error {
  constructor(
    readonly code: DeptbotErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A config file or on-wiki config is invalid: names the file, the path inside it and what was expected. */
export class ConfigError extends DeptbotError {
  constructor(message: string) {
    super('config', message);
  }
}

export class UsageError extends DeptbotError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** The wiki answered with an API error (or not at all) after the retries the client allows. */
export class WikiError extends DeptbotError {
  constructor(
    message: string,
    readonly apiCode?: string,
  ) {
    super('wiki', message);
  }
}

/**
 * No answer from the wiki at all (connection refused, unknown host, timeout) after the retries the
 * client allows: the network or the wiki is down, not the bot's config (exit 4, worth retrying later).
 */
export class WikiUnreachableError extends WikiError {
  constructor(message: string) {
    super(message, 'network');
  }
}

/** The page is not as it was read (an edit conflict, created or deleted meanwhile): re-read and re-plan. */
export class EditConflictError extends DeptbotError {
  constructor(
    readonly title: string,
    readonly apiCode: string,
    /** The wiki's own answer, in words. */
    answer: string,
  ) {
    super('edit-conflict', answer);
  }
}

/** A write was sent but no answer came back: it may or may not have reached the wiki. Never resend blindly. */
export class WriteOutcomeUnknownError extends DeptbotError {
  constructor(
    readonly title: string,
    cause: string,
  ) {
    super('write-outcome-unknown', `The save of "${title}" got no answer (${cause}); it may have reached the wiki`);
  }
}

export class ProtectedPageError extends DeptbotError {
  constructor(
    readonly title: string,
    readonly apiCode: string,
  ) {
    super('protected-page', `"${title}" is protected and the bot may not edit it (${apiCode})`);
  }
}

export class ShutoffError extends DeptbotError {
  constructor(
    readonly page: string,
    readonly content: string,
  ) {
    // The content says why (what the page says, or that it cannot be read): the operator needs it,
    // without the page's title a second time.
    const says = `"${page}" says: `;
    super(
      'shutoff',
      content.startsWith(says)
        ? `Writing is stopped by the shutoff page "${page}", which says: ${content.slice(says.length)}`
        : `Writing is stopped by the shutoff page "${page}": ${content.split(`the shutoff page "${page}"`).join('it')}`,
    );
  }
}

/** Thrown by the wiki client when anything tries to write in dry-run mode. */
export class DryRunWriteError extends DeptbotError {
  constructor(action: string) {
    super('dry-run-write', `Refused to send action=${action}: the client is in dry-run mode`);
  }
}

export class LoginError extends DeptbotError {
  constructor(message: string) {
    super('login', message);
  }
}

export class LockHeldError extends DeptbotError {
  constructor(readonly task: string) {
    super('lock-held', `Task "${task}" is already running in another process; not starting it again`);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
