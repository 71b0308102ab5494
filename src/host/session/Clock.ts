import * as vscode from 'vscode';
import { Disposable } from '../util/Disposable';

/**
 * The time the extension goes by. Normally the system clock; the extension's own tests move it
 * forward (through the test API of `activate`) so days pass for the review schedule, and every
 * view that shows what is due hears about the jump.
 */
export class Clock extends Disposable {
  private offsetMs = 0;
  private readonly jumped = this.register(new vscode.EventEmitter<void>());
  /** Fires when the time moved by more than the ticking of the clock. */
  readonly onDidJump = this.jumped.event;

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  /** Moves the time forward (tests only). */
  advance(ms: number): void {
    this.offsetMs += ms;
    this.jumped.fire();
  }

  /** Back to the system clock (tests only). */
  resetOffset(): void {
    this.offsetMs = 0;
    this.jumped.fire();
  }
}
