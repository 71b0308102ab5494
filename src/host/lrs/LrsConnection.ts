import * as vscode from 'vscode';
import type { ProgressRecord } from '../../core/session/progressRecord';
import { activityBaseProblem, isEmail, recordStatements, XAPI_VERBS, type XapiIdentity } from '../../core/xapi/xapi';
import { lrsUrls } from '../../core/xapi/xapiOutbox';
import type { ModuleRepository } from '../repository/ModuleRepository';
import type { ProgressStore } from '../stores/ProgressStore';
import { questionInfo, xapiAccount } from '../scores/scoresTransfer';
import { LrsClient } from './LrsClient';
import { LrsSender } from './LrsSender';
import { StatementOutbox } from './StatementOutbox';
import { LRS_SECRET_KEY } from './lrsResume';
import { Disposable } from '../util/Disposable';

/** What `quizModules.connectLrs` takes, for keybindings and automation. */
export interface ConnectArgument {
  readonly endpoint?: string;
  readonly key?: string;
  readonly secret?: string;
  /** true: the learner agreed to what is sent, in the caller's own words; no dialog. */
  readonly consent?: boolean;
}

interface Credentials {
  readonly endpoint: string;
  readonly key: string;
  readonly secret: string;
}

interface LrsServices {
  readonly context: vscode.ExtensionContext;
  readonly repository: ModuleRepository;
  readonly store: ProgressStore;
  readonly log: vscode.LogOutputChannel;
}

/**
 * Sending statements to a learning record store: the connect and disconnect commands (with the
 * learner's consent; credentials in SecretStorage), the outbox a save writes to before it
 * resolves, the background sender and its status bar item. Nothing is queued or sent before the
 * learner connected, nor while the workspace is in Restricted Mode.
 */
export class LrsConnection extends Disposable {
  readonly outbox: StatementOutbox;
  readonly sender: LrsSender;
  private readonly item: vscode.StatusBarItem;
  private connected: Credentials | undefined;
  private warnedFull = false;
  private shown = false;
  /** How many times the learner was told the outbox is full (once each time it fills; tests read it). */
  fullWarnings = 0;

  constructor(private readonly services: LrsServices) {
    super();
    const { context, log } = services;
    this.outbox = new StatementOutbox(vscode.Uri.joinPath(context.globalStorageUri, 'lrs-outbox'));
    this.sender = new LrsSender(this.outbox, log, () => void this.askToReconnect());
    this.item = vscode.window.createStatusBarItem('quizModules.lrs', vscode.StatusBarAlignment.Left, 49);
    this.item.name = vscode.l10n.t('Quiz Modules: Learning Record Store');
    this.item.command = 'quizModules.connectLrs';
    this.register(this.sender);
    this.register(this.item);
    this.register(this.sender.onDidChangeState(() => void this.showStatus()));
    this.register(services.store.onDidSave((moduleId, before, after) => this.queue(moduleId, before, after)));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => (this.resuming = this.resume())));
    this.resuming = this.resume();
  }

  /**
   * The read of the saved connection at the start (or when trust is granted). Connect and
   * disconnect wait for it: the connection is made on first use now, so the connect command can
   * run while that read is under way, and a read that ended after it would start the sender
   * again with the connection just saved (or after a disconnect).
   */
  private resuming: Promise<void>;

  /** Starts sending with the saved connection, when the learner connected before and the workspace is trusted. */
  private async resume(): Promise<void> {
    if (!vscode.workspace.isTrusted) return;
    const saved = await this.savedCredentials();
    if (!saved) return;
    this.connected = saved;
    this.sender.start(new LrsClient(saved.endpoint, saved.key, saved.secret));
  }

  private async savedCredentials(): Promise<Credentials | undefined> {
    try {
      const raw: unknown = JSON.parse((await this.services.context.secrets.get(LRS_SECRET_KEY)) ?? 'null');
      if (typeof raw !== 'object' || raw === null) return undefined;
      const { endpoint, key, secret } = raw as Record<string, unknown>;
      return typeof endpoint === 'string' && typeof key === 'string' && typeof secret === 'string' && lrsUrls(endpoint) ? { endpoint, key, secret } : undefined;
    } catch {
      return undefined;
    }
  }

  /** The learner as the statements name them: the pseudonymous account unless a setting says otherwise. */
  async identity(): Promise<XapiIdentity> {
    const settings = vscode.workspace.getConfiguration('quizModules.lrs');
    const account = await xapiAccount(this.services.context.globalState);
    const actor = settings.get<string>('actor', 'account');
    const name = settings.get<string>('learnerName', '').trim();
    const email = settings.get<string>('learnerEmail', '').trim();
    if (actor === 'name' && name) return { account, displayName: name };
    if (actor === 'email' && isEmail(email)) return { account, email, ...(name ? { displayName: name } : {}) };
    return { account };
  }

  private activityBase(): string | undefined {
    const base = vscode.workspace.getConfiguration('quizModules.lrs').get<string>('activityBase', '').trim();
    return base && activityBaseProblem(base) === undefined ? base : undefined;
  }

  /** Writes the statements a save adds to the outbox; the save resolves after this. */
  private async queue(moduleId: string, before: ProgressRecord, after: ProgressRecord): Promise<void> {
    if (!this.connected || !vscode.workspace.isTrusted || this.sender.current === 'stopped') return;
    const loaded = this.services.repository.get(moduleId);
    const module = { moduleId, ...(loaded ? { title: loaded.module.title, questions: questionInfo(loaded.module) } : {}) };
    const base = this.activityBase();
    const statements = recordStatements(module, before, after, await this.identity(), { lang: vscode.env.language, ...(base ? { activityBase: base } : {}) });
    if (statements.length === 0) return;
    try {
      const added = await this.outbox.add(statements);
      if (added < statements.length) {
        this.services.log.warn(`The statement outbox is full: ${statements.length - added} statements were not queued (your scores are saved in VS Code as always).`);
        if (!this.warnedFull) {
          this.warnedFull = true;
          this.fullWarnings++;
          void vscode.window.showWarningMessage(
            vscode.l10n.t('The outbox for the learning record store is full, so new answers are not queued for it until it can send. Your scores are still saved here.'),
          );
        }
      } else this.warnedFull = false;
    } catch (error) {
      this.services.log.error(`Could not write the statement outbox: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.sender.kick();
    void this.showStatus();
  }

  /**
   * The status bar item: shown while statements wait because the LRS cannot be reached or refused
   * the key, and while the outbox is full.
   */
  private async showStatus(): Promise<void> {
    const state = this.sender.current;
    const stuck = state === 'waiting' || state === 'paused';
    const waiting = await this.outbox.pending();
    const full = waiting >= this.outbox.limit;
    if (waiting === 0 || (!stuck && !full) || !this.connected) {
      this.item.hide();
      this.shown = false;
      return;
    }
    this.item.text = `${full ? '$(warning)' : '$(cloud-upload)'} ${waiting}`;
    const why =
      state === 'paused'
        ? vscode.l10n.t('{0} quiz statements wait: the learning record store refused the key. Click to connect again.', waiting)
        : stuck
          ? vscode.l10n.t('{0} quiz statements wait: the learning record store cannot be reached. They are sent when it can.', waiting)
          : vscode.l10n.t('{0} quiz statements wait to be sent to the learning record store.', waiting);
    this.item.tooltip = full ? `${why} ${vscode.l10n.t('The outbox is full: new answers are not sent to it until there is room. Your scores are still saved here.')}` : why;
    this.item.accessibilityInformation = { label: this.item.tooltip, role: 'button' };
    this.item.show();
    this.shown = true;
  }

  /** The status bar's text, tooltip and whether it shows (tests). */
  get statusBar(): { readonly text: string; readonly tooltip: string; readonly visible: boolean } {
    const stuck = this.sender.current === 'waiting' || this.sender.current === 'paused';
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '', visible: stuck || this.shown };
  }

  private async askToReconnect(): Promise<void> {
    void this.showStatus();
    const reconnect = vscode.l10n.t('Connect Again…');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('The learning record store no longer accepts your key and secret. Sending is paused; your answers wait in the outbox.'), reconnect);
    if (choice === reconnect) await vscode.commands.executeCommand('quizModules.connectLrs');
  }

  /** `Quiz: Connect to a Learning Record Store…`: resolves true once connected. */
  async connect(argument?: ConnectArgument): Promise<boolean> {
    await this.resuming;
    const t = vscode.l10n.t;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(t('Quiz Modules sends nothing to a learning record store in Restricted Mode. Trust this workspace first.'));
      return false;
    }
    const suggested = vscode.workspace.getConfiguration('quizModules.lrs').get<string>('endpoint', '') || this.connected?.endpoint || '';
    const endpoint =
      argument?.endpoint ??
      (await vscode.window.showInputBox({
        title: t('Connect to a Learning Record Store (1/3)'),
        prompt: t('The xAPI endpoint of your learning record store, as your teacher gave it'),
        placeHolder: 'https://lrs.example.org/data/xAPI/',
        value: suggested,
        ignoreFocusOut: true,
        validateInput: (value) => (lrsUrls(value) ? undefined : t('An http:// or https:// address, without a user name or query.')),
      }));
    if (endpoint === undefined) return false;
    if (!lrsUrls(endpoint)) {
      void vscode.window.showErrorMessage(t('"{0}" is not an http:// or https:// address of a learning record store.', endpoint));
      return false;
    }
    const key = argument?.key ?? (await vscode.window.showInputBox({ title: t('Connect to a Learning Record Store (2/3)'), prompt: t('The key (user name) of the LRS client'), ignoreFocusOut: true }));
    if (key === undefined) return false;
    const secret =
      argument?.secret ?? (await vscode.window.showInputBox({ title: t('Connect to a Learning Record Store (3/3)'), prompt: t('The secret (password) of the LRS client'), password: true, ignoreFocusOut: true }));
    if (secret === undefined) return false;
    const client = new LrsClient(endpoint, key, secret);
    const about = await client.about();
    if (about.status !== 200) {
      void vscode.window.showErrorMessage(
        about.status === 0
          ? t('No learning record store answered at {0} ({1}).', endpoint, about.body)
          : t('{0} answered {1} to GET /about: it does not look like an xAPI learning record store.', endpoint, String(about.status)),
      );
      return false;
    }
    const check = await client.checkCredentials();
    if (check.status !== 200) {
      void vscode.window.showErrorMessage(
        check.status === 401 || check.status === 403
          ? t('The learning record store did not accept this key and secret ({0}).', String(check.status))
          : t('The learning record store answered {0} to a test request: {1}', String(check.status), check.body.slice(0, 300)),
      );
      return false;
    }
    if (argument?.consent !== true && !(await this.askConsent(endpoint))) return false;
    const credentials = { endpoint, key, secret };
    await this.services.context.secrets.store(LRS_SECRET_KEY, JSON.stringify(credentials));
    this.connected = credentials;
    this.sender.start(client);
    this.services.log.info(`Connected to the learning record store at ${endpoint}; statements are sent from now on.`);
    void vscode.window.showInformationMessage(t('Connected. Your quiz answers from now on are sent to {0}.', endpoint));
    return true;
  }

  private async askConsent(endpoint: string): Promise<boolean> {
    const t = vscode.l10n.t;
    const who = await this.identity();
    const actor = who.email ? t('your email address {0}', who.email) : who.displayName ? t('your name "{0}" and a pseudonymous account', who.displayName) : t('a pseudonymous account ({0}) that does not name you', who.account.name);
    const verbs = XAPI_VERBS.map((v) => v.split('/').pop()).join(', ');
    const agree = t('Send My Answers');
    const choice = await vscode.window.showInformationMessage(
      t('Send your quiz results to {0}?', endpoint),
      {
        modal: true,
        detail: t(
          'From now on, each answer you give in a quiz, and the start, end and score of each full attempt, is sent to this learning record store as xAPI statements ({0}), naming you by {1}, with the question, the choices you picked, whether they were right, and how long you took. Nothing from before is sent. "Quiz: Disconnect from the Learning Record Store" stops it at any time.',
          verbs,
          actor,
        ),
      },
      agree,
    );
    return choice === agree;
  }

  /** `Quiz: Disconnect from the Learning Record Store…`: resolves with the statements still waiting. */
  async disconnect(): Promise<number> {
    await this.resuming;
    await this.services.context.secrets.delete(LRS_SECRET_KEY);
    const wasConnected = this.connected !== undefined;
    this.connected = undefined;
    this.sender.stop();
    this.item.hide();
    this.shown = false;
    const waiting = await this.outbox.pending();
    this.services.log.info(`Disconnected from the learning record store; ${waiting} statements wait in the outbox.`);
    void vscode.window.showInformationMessage(
      !wasConnected
        ? vscode.l10n.t('Not connected to a learning record store; nothing is sent.')
        : waiting === 0
          ? vscode.l10n.t('Disconnected: nothing more is sent to the learning record store, and nothing was waiting.')
          : vscode.l10n.t('Disconnected: nothing more is sent. {0} statements still wait in the outbox; they are sent only if you connect again.', waiting),
    );
    return waiting;
  }
}
