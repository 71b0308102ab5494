/**
 * Keeps a log readable under a flood: at most `limit` lines per `windowMs`; the lines held back
 * are counted and reported in one line when the next window opens.
 */
export class LogThrottle {
  private windowStart = Number.NEGATIVE_INFINITY;
  private written = 0;
  private held = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** The lines to write for one event: its own line, nothing while held back, or a count first. */
  admit(line: string): string[] {
    const out: string[] = [];
    const time = this.now();
    if (time - this.windowStart >= this.windowMs) {
      if (this.held > 0) out.push(`${this.held} more such messages were not logged.`);
      this.windowStart = time;
      this.written = 0;
      this.held = 0;
    }
    if (this.written < this.limit) {
      this.written++;
      out.push(line);
    } else {
      this.held++;
    }
    return out;
  }
}
