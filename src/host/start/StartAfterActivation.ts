import type * as vscode from 'vscode';
import type { StartServices } from './start';

/** Runs `task` on the host's next turn: after activate() has returned, before a timer. */
function nextTurn(task: () => void): void {
  // The web worker host has no setImmediate.
  if (typeof setImmediate === 'function') setImmediate(task);
  else setTimeout(task, 0);
}

/**
 * The start services, made on the turn after activation: activate() registers the contributions
 * and returns, then the start code is loaded and run. What is called before then (a command, a
 * restored page, the sidebar asking for its list) waits for them, so no call is lost.
 */
export class StartAfterActivation implements vscode.Disposable {
  private made: StartServices | undefined;
  private disposed = false;
  /** Resolves with the start services once made; rejects if making them failed. */
  readonly ready: Promise<StartServices>;

  constructor(make: () => StartServices) {
    this.ready = new Promise((resolve, reject) => {
      nextTurn(() => {
        // Deactivated before the turn came: nothing to start.
        if (this.disposed) return reject(new Error('Quiz Modules was deactivated before it started'));
        try {
          this.made = make();
          resolve(this.made);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    // A failed start shows in the extension host's log; each caller gets the error as well.
    this.ready.catch((error: unknown) => console.error('Quiz Modules could not start:', error));
  }

  /** The start services if they are made, without waiting. */
  get services(): StartServices | undefined {
    return this.made;
  }

  /** `use` of the start services: at once when they are made, else once they are. */
  with<T>(use: (services: StartServices) => T): T | Promise<Awaited<T>> {
    return this.made ? use(this.made) : (this.ready.then(use) as Promise<Awaited<T>>);
  }

  dispose(): void {
    this.disposed = true;
    this.made?.dispose();
  }
}
