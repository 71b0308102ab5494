/**
 * The one queue every write of saved scores and of the review schedule goes through, in order,
 * one at a time. Progress and schedule share it, so a change that touches both (an answer and
 * its rating) is one piece of work: a reset cannot land between the record and the card.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Thenable<T> | Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every write queued so far has finished. */
  flushed(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
