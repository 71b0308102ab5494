import * as vscode from 'vscode';
import { isTimeZone, runtimeTimeZone } from '../../core/schedule/calendar';
import { Disposable } from '../util/Disposable';

const KEY = 'quizModules.learnerTimeZone';

/**
 * The learner's time zone, the one owner of it: named by the UI side (each page tells its
 * `Intl` zone when it starts), remembered in `globalState` for the surfaces without a page (the
 * status bar, the sidebar), so that days studied and due days follow the learner's calendar and
 * not the extension host's, which is often UTC on a remote machine.
 */
export class LearnerDay extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when the learner's zone changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    super();
  }

  /** The zone last named by a page, or (before any page ran) the extension host's own. */
  get timeZone(): string {
    const saved = this.memento.get<unknown>(KEY);
    return isTimeZone(saved) ? saved : runtimeTimeZone();
  }

  /** Takes the zone a page reports; a name `Intl` does not know is ignored. */
  async set(timeZone: unknown): Promise<void> {
    if (!isTimeZone(timeZone) || timeZone === this.memento.get<unknown>(KEY)) return;
    await this.memento.update(KEY, timeZone);
    this.changed.fire();
  }
}
