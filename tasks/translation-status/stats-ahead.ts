// A page's statistics asked for while the page before it is worked out: the requests stay one at a
// time (the next is sent once the answer before it has arrived), and the figures, ledger look-ups and
// signals of a page no longer wait in line between two requests.

/**
 * The statistics of the part being treated, each page's asked for as soon as the page before it is
 * taken. Only within the part: the next part's own read (the page languages) comes first.
 */
export class StatsAhead<R> {
  private part = new Map<string, string | undefined>();
  private readonly pending = new Map<string, Promise<R>>();

  /** `read` must not reject (an answer it cannot get is one of its results). */
  constructor(private readonly read: (title: string) => Promise<R>) {}

  /** The pages of the part about to be treated, in order. */
  startPart(titles: readonly string[]): void {
    this.part = new Map(titles.map((title, index) => [title, titles[index + 1]]));
    this.pending.clear();
  }

  /** The statistics of `title` (asked for now unless already on their way), then the next page's are asked for. */
  async take(title: string): Promise<R> {
    const answer = await (this.pending.get(title) ?? this.read(title));
    this.pending.delete(title);
    const next = this.part.get(title);
    if (next !== undefined) this.pending.set(next, this.read(next));
    return answer;
  }
}
