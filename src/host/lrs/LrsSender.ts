import * as vscode from 'vscode';
import { backoffMs, BATCH_SIZE, outcomeOf, refusalMessage } from '../../core/xapi/xapiOutbox';
import type { LrsClient } from './LrsClient';
import type { StatementOutbox } from './StatementOutbox';
import { Disposable } from '../util/Disposable';

/** idle: nothing to send or not connected; waiting: the LRS could not be reached, a retry is planned; paused: the key was refused. */
type SenderState = 'stopped' | 'idle' | 'sending' | 'waiting' | 'paused';

/** Figures for the bench and the tests: what the sender did since it was made. */
interface SenderFigures {
  requests: number;
  sent: number;
  keptAside: number;
}

/**
 * Sends the outbox in the background, one batch at a time, oldest first. A batch the LRS could
 * not take is tried again after an exponential, jittered wait; a batch refused for its content
 * is sent one statement at a time so only the bad one is kept aside; a refused key pauses
 * everything until the learner connects again. Nothing here ever waits for the learner's quiz.
 */
export class LrsSender extends Disposable {
  private client: LrsClient | undefined;
  private state: SenderState = 'stopped';
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private generation = 0;
  private readonly changed = this.register(new vscode.EventEmitter<SenderState>());
  readonly onDidChangeState = this.changed.event;
  readonly figures: SenderFigures = { requests: 0, sent: 0, keptAside: 0 };

  constructor(
    private readonly outbox: StatementOutbox,
    private readonly log: vscode.LogOutputChannel,
    private readonly onAuthRefused: () => void,
    private readonly random: () => number = Math.random,
  ) {
    super();
  }

  get current(): SenderState {
    return this.state;
  }

  /** Starts (or restarts) sending with these credentials. */
  start(client: LrsClient): void {
    this.client = client;
    this.generation++;
    this.failures = 0;
    this.setState('idle');
    this.kick(0);
  }

  stop(): void {
    this.client = undefined;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.setState('stopped');
  }

  /** Something was added: send soon, unless a retry is already planned or sending is paused. */
  kick(delay = 0): void {
    if (!this.client || this.state === 'paused') return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer && delay === 0 && this.state === 'waiting') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.run().finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          if (this.state === 'idle') this.kick(0);
        }
      });
    }, delay);
  }

  /** Tries at once instead of at the planned time (after the LRS is known to be back). */
  retryNow(): void {
    if (!this.client || this.state === 'paused') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.state === 'waiting') this.setState('idle');
    this.kick(0);
  }

  /** Resolves when the current run, if any, has finished (for tests and the bench). */
  async settled(): Promise<void> {
    await this.running;
  }

  override dispose(): void {
    this.stop();
    super.dispose();
  }

  private setState(state: SenderState): void {
    if (this.state === state) return;
    this.state = state;
    this.changed.fire(state);
  }

  private async run(): Promise<void> {
    const generation = this.generation;
    const client = this.client;
    if (!client) return;
    await this.outbox.refresh();
    // Bounded: every round removes at least one file or stops.
    for (let round = 0; round < 100_000; round++) {
      if (generation !== this.generation) return;
      const batch = await this.outbox.take(BATCH_SIZE);
      if (batch.files.length === 0) {
        this.failures = 0;
        this.setState('idle');
        return;
      }
      this.setState('sending');
      for (let start = 0; start < batch.statements.length; start += BATCH_SIZE) {
        const verdict = await this.send(client, batch.statements.slice(start, start + BATCH_SIZE), generation);
        if (generation !== this.generation) return;
        if (verdict === 'auth') {
          this.setState('paused');
          this.log.warn('The learning record store refused the key and secret; sending is paused until you connect again.');
          this.onAuthRefused();
          return;
        }
        if (verdict === 'retry') {
          const wait = backoffMs(this.failures++, this.random);
          this.setState('waiting');
          this.log.info(`The learning record store cannot be reached; trying again in ${Math.round(wait / 1000)} s.`);
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.kick(0);
          }, wait);
          return;
        }
      }
      this.failures = 0;
      await this.outbox.remove(batch.files);
    }
  }

  /** Sends statements; a refusal of their content is narrowed down to the statements refused. */
  private async send(client: LrsClient, statements: readonly unknown[], generation: number): Promise<'sent' | 'retry' | 'auth'> {
    if (statements.length === 0) return 'sent';
    this.figures.requests++;
    const answer = await client.postStatements(statements);
    if (generation !== this.generation) return 'retry';
    const outcome = outcomeOf(answer.status, statements.length);
    if (outcome === 'sent') {
      this.figures.sent += statements.length;
      return 'sent';
    }
    if (outcome === 'retry' || outcome === 'auth') return outcome;
    if (outcome === 'split') {
      for (const statement of statements) {
        const verdict = await this.send(client, [statement], generation);
        if (verdict !== 'sent') return verdict;
      }
      return 'sent';
    }
    const reason = refusalMessage(answer.status, answer.body);
    const where = await this.outbox.setAside(statements[0], reason);
    this.figures.keptAside++;
    this.log.error(
      `The learning record store refused a statement (${reason}). It was kept aside in ${where.toString(true)} and will not be sent again.${answer.status === 409 ? ' The store holds a different statement under the same id.' : ''}`,
    );
    return 'sent';
  }
}
