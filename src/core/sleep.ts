// The one way the bot waits: throttle, back-off, a wait asked for by the wiki.
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
