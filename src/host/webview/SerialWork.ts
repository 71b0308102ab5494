/**
 * Runs a page's work one piece at a time, in the order it arrives, so two messages from a
 * webview never interleave their reads and writes of saved scores. A piece that throws is
 * handed to `failed` (which tells the page) and never stops the pieces after it; nothing runs
 * once the page is gone.
 */
export class SerialWork {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly gone: () => boolean,
    private readonly failed: (text: string) => Promise<void>,
  ) {}

  run(work: () => Promise<void>): Promise<void> {
    const piece = async () => {
      if (this.gone()) return;
      try {
        await work();
      } catch (error) {
        await this.failed(error instanceof Error ? error.message : String(error));
      }
    };
    const next = this.tail.then(piece, piece);
    this.tail = next;
    return next;
  }
}
