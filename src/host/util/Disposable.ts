import type * as vscode from 'vscode';

/**
 * The base of a host class that owns disposables (emitters, listeners, watchers): it keeps what
 * the class registers and disposes it once, newest first, so a listener goes before the emitter
 * it was added to. Only the type of `vscode` is used, so the unit tests run it without VS Code.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed = false;

  /** True once {@link dispose} has run. */
  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Keeps `disposable` to dispose with this object, and returns it; one given after disposal is disposed at once. */
  protected register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) disposable.dispose();
    else this.owned.push(disposable);
    return disposable;
  }

  /**
   * Runs once, as disposal starts and before anything registered goes: a page tells its listeners
   * it is closing here while they can still hear it. {@link isDisposed} is already true, so a
   * `dispose()` this causes returns at once and anything registered now is disposed straight away.
   */
  protected beforeDispose(): void {
    // Nothing by default.
  }

  /**
   * Disposes what was registered, newest first, once, after {@link beforeDispose}. One that
   * throws (or a hook that throws) does not keep the others alive: the first error is thrown
   * after all have been disposed.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    try {
      this.beforeDispose();
    } catch (error) {
      errors.push(error);
    }
    for (const disposable of this.owned.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }
}
