import * as vscode from 'vscode';
import { choiceKeyAt } from '../../core/module/choiceKeys';
import { finishModuleCheck, type ArticleRead } from '../../core/checks/moduleCheck';
import { correctChoiceIndexes, isMultipleAnswer, type QuizModule } from '../../core/module/moduleModel';
import { articleSizeProblem } from '../../core/checks/article';
import { isError, problemAt, type ModuleProblem } from '../../core/checks/problems';
import { MAX_ARTICLE_BYTES, MAX_MODULE_FILE_BYTES } from '../../core/module/limits';
import { moduleFileSizeProblem, validateModuleText } from '../../core/checks/validateModule';
import {
  checkFromPreview,
  type PreviewContent,
  type PreviewPageData,
  type PreviewQuestion,
  type PreviewStatus,
  type PreviewStrings,
  type ToPreviewMessage,
} from '../../protocol/preview';
import { QuizViewBuilder } from '../webview/quizViews';
import { localizedStrings } from '../webview/localizedStrings';
import { moduleRenderer } from '../webview/moduleRenderer';
import type { ModuleRepository } from '../repository/ModuleRepository';
import { mathEnabled } from '../repository/moduleFile';
import { loadRenderExtras } from '../markdown/renderExtrasLoader';
import { webviewOptions, webviewPage } from '../webview/webviewHtml';
import { Disposable } from '../util/Disposable';
import { sameUri } from './articleContext';

/** How long typing must pause before the preview follows it, like the built-in Markdown preview. */
export const PREVIEW_DEBOUNCE_MS = 300;

export interface ModulePreviewServices {
  readonly extensionUri: vscode.Uri;
  /** Read only: to find the module an article belongs to and to hear about changes on disk. */
  readonly repository: ModuleRepository;
  readonly log: vscode.LogOutputChannel;
  /** Opens a link clicked in the preview; a relative one against `base`, the article. */
  readonly openLink: (href: string, base?: vscode.Uri) => Promise<boolean>;
}

function previewStrings(): PreviewStrings {
  return {
    badge: vscode.l10n.t('Preview'),
    answerKey: vscode.l10n.t('Questions and answer key'),
    answerKeyHint: vscode.l10n.t('Learners see one question at a time, without the marks below until they answer. This preview saves no score.'),
    shuffled: vscode.l10n.t('Choices are shuffled for learners; they are listed here in the order of the file.'),
    sectionLabel: vscode.l10n.t('Section: {0}'),
    choiceFeedback: vscode.l10n.t('Feedback for "{0}":'),
    staleBanner: vscode.l10n.t('{0} has {1} error(s): showing the last version without errors.'),
    firstProblem: vscode.l10n.t('First problem, at line {0}, column {1}: {2}'),
    noContent: vscode.l10n.t('{0} has {1} error(s), and the preview has no earlier version to show.'),
    warnings: vscode.l10n.t('{0} warnings (see the Problems panel once saved).'),
    oneWarning: vscode.l10n.t('1 warning (see the Problems panel once saved).'),
    ok: vscode.l10n.t('No problems.'),
    noQuestions: vscode.l10n.t('This module has no questions yet.'),
  };
}

const decoder = new TextDecoder('utf-8');

/** A file's text, or its size when that is over the limit (then it was not read). */
type FileRead = { readonly text: string } | { readonly tooBig: number };

/**
 * The text of a file as the author sees it: an open document's with unsaved edits, or else the
 * file on disk (a saved document may lag behind a change on disk for a moment), which is not read
 * when it is over `maxBytes`, as in the loader. Undefined when it cannot be read.
 */
async function currentText(uri: vscode.Uri, maxBytes: number): Promise<FileRead | undefined> {
  const document = vscode.workspace.textDocuments.find((d) => sameUri(d.uri, uri));
  if (document?.isDirty) return { text: document.getText() };
  try {
    const size = (await vscode.workspace.fs.stat(uri)).size;
    if (size > maxBytes) return { tooBig: size };
    return { text: decoder.decode(await vscode.workspace.fs.readFile(uri)) };
  } catch {
    return undefined;
  }
}

/**
 * One module's preview, beside the editor. It reads the module file and its article as they are
 * in the editor, unsaved edits included, checks them with the same core as the loader, and shows
 * the last version without errors; while the text has errors a banner names the first one. It
 * holds no progress store: it cannot start an attempt or save a score.
 */
export class ModulePreview extends Disposable {
  private readonly posted = this.register(new vscode.EventEmitter<ToPreviewMessage>());
  /** Every message sent to the page, for tests. */
  readonly onDidPost = this.posted.event;
  private readonly closing = this.register(new vscode.EventEmitter<void>());
  /** Fires once as the preview closes, before its own listeners and the panel go. */
  readonly onDidDispose = this.closing.event;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** What the loader held for this module's file at the last look (see `loaderView`). */
  private loaderSeen: { module?: object; report?: object } = {};
  private generation = 0;
  private version = 0;
  private articleUri: vscode.Uri | undefined;
  private lastGood: PreviewContent | undefined;
  /** The module and article texts the last good version was rendered from. */
  private lastGoodSource: string | undefined;
  private lastStatus: PreviewStatus | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly moduleUri: vscode.Uri,
    private readonly services: ModulePreviewServices,
  ) {
    super();
    // Registered before the listeners, so it closes after them (newest first).
    this.register(panel);
    this.configure(undefined);
    this.panel.webview.html = webviewPage({
      webview: panel.webview,
      extensionUri: services.extensionUri,
      title: vscode.l10n.t('Preview'),
      styles: ['quiz.css', 'preview.css'],
      script: true,
      scriptFile: 'dist/webview/preview.js',
      remoteImages: vscode.workspace.isTrusted,
      initialData: { strings: localizedStrings(), preview: previewStrings() } satisfies PreviewPageData,
      body: '<div id="app" class="app preview"></div>',
    });
    this.loaderSeen = this.loaderView();
    const follows = (uri: vscode.Uri) => sameUri(uri, this.moduleUri) || sameUri(uri, this.articleUri);
    this.register(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && follows(event.document.uri)) this.schedule();
      }),
    );
    // Closing an edited file without saving it puts the preview back on the file on disk.
    this.register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (follows(document.uri)) this.schedule();
      }),
    );
    // A change on disk (another program, a save of a file not open here) reaches the loader
    // first; only a change of what the loader holds for this module's file is followed.
    this.register(
      services.repository.onDidChange(() => {
        const seen = this.loaderView();
        if (seen.module === this.loaderSeen.module && seen.report === this.loaderSeen.report) return;
        this.loaderSeen = seen;
        this.schedule();
      }),
    );
    this.running = this.refresh();
  }

  /** The last version without errors, if there was one. */
  get content(): PreviewContent | undefined {
    return this.lastGood;
  }

  get status(): PreviewStatus | undefined {
    return this.lastStatus;
  }

  /** Resolves once the newest refresh has finished (a scheduled one included). */
  async settled(): Promise<void> {
    for (;;) {
      const running = this.running;
      await running;
      if (this.timer === undefined && running === this.running) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** A refresh waiting for its timer is dropped; the manager hears of the close while it can. */
  protected override beforeDispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.closing.fire();
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  /** What the loader holds for this module's file: its loaded module, or its problem report. */
  private loaderView(): { module?: object; report?: object } {
    const { repository } = this.services;
    const module = repository.modules.find((m) => sameUri(m.uri, this.moduleUri));
    const report = repository.problemReports.find((r) => sameUri(r.uri, this.moduleUri));
    return { ...(module ? { module } : {}), ...(report ? { report } : {}) };
  }

  private schedule(): void {
    if (this.isDisposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.refresh();
    }, PREVIEW_DEBOUNCE_MS);
  }

  private receive(raw: unknown): void {
    // The preview sends only "ready" and links: anything else (a quiz action) is dropped here.
    const checked = checkFromPreview(raw);
    if (!('message' in checked)) {
      this.services.log.warn(`Dropped a message from the module preview that is not part of the protocol: ${checked.problem}.`);
      return;
    }
    const message = checked.message;
    if (message.type === 'ready') void this.post();
    else void this.services.openLink(message.href, this.articleUri);
  }

  private displayName(): string {
    return vscode.workspace.getWorkspaceFolder(this.moduleUri) ? vscode.workspace.asRelativePath(this.moduleUri, false) : fileNameOf(this.moduleUri);
  }

  /** Reads both files as they are now, checks them, and shows the result. Never throws. */
  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    try {
      const file = this.displayName();
      const read = await currentText(this.moduleUri, MAX_MODULE_FILE_BYTES);
      const text = read && 'text' in read ? read.text : undefined;
      let problems: ModuleProblem[];
      let module: QuizModule | undefined;
      let articleText: string | undefined;
      if (read && 'tooBig' in read) {
        // A read is marked too big only past the limit, so the size check always has a problem to give.
        problems = [moduleFileSizeProblem(read.tooBig, file, vscode.l10n.t) ?? problemAt('', file, { offset: 0, length: 0 }, vscode.l10n.t('The file could not be read.'))];
      } else if (text === undefined) {
        problems = [problemAt('', file, { offset: 0, length: 0 }, vscode.l10n.t('The file could not be read.'))];
      } else {
        const validation = validateModuleText(text, file, vscode.l10n.t);
        module = validation.module;
        problems = [...validation.problems];
        if (module) {
          let article: ArticleRead = { kind: 'none' };
          this.articleUri = module.article !== undefined ? vscode.Uri.joinPath(this.moduleUri, '..', module.article) : undefined;
          if (this.articleUri) {
            const articleRead = await currentText(this.articleUri, MAX_ARTICLE_BYTES);
            const markdown = articleRead && 'text' in articleRead ? articleRead.text : undefined;
            const size = articleRead === undefined ? 0 : 'tooBig' in articleRead ? articleRead.tooBig : new TextEncoder().encode(articleRead.text).byteLength;
            const tooBig = articleSizeProblem(validation, size, text, file, vscode.l10n.t);
            if (articleRead === undefined) {
              article = {
                kind: 'failed',
                problem: problemAt(text, file, validation.articleSpan ?? { offset: 0, length: 0 }, vscode.l10n.t('Module: the article "{0}" was not found next to this file.', module.article ?? '')),
              };
            } else if (tooBig) {
              article = { kind: 'failed', problem: tooBig };
            } else if (markdown !== undefined) {
              article = { kind: 'text', markdown };
            }
          }
          const lintIgnore = vscode.workspace.getConfiguration('quizModules').get<string[]>('lint.ignore', []);
          const check = finishModuleCheck({ module, validation, text, file, article, lintIgnore, t: vscode.l10n.t, ...(mathEnabled() ? { extras: loadRenderExtras } : {}) });
          problems = check.problems;
          articleText = check.articleText;
        }
      }
      if (generation !== this.generation || this.isDisposed) return;
      const errors = problems.filter(isError);
      const first = errors[0];
      let changed = false;
      // Unchanged texts (a reload of other modules, a save) are not drawn again.
      const source = `${text ?? ''}\u0000${articleText ?? ''}`;
      if (module && errors.length === 0 && source !== this.lastGoodSource) {
        this.lastGood = this.render(module, articleText);
        this.lastGoodSource = source;
        this.configure(module.title);
        changed = true;
      }
      const status: PreviewStatus = {
        errors: errors.length,
        warnings: problems.length - errors.length,
        file,
        ...(first ? { firstError: { message: first.message, line: first.line, column: first.column } } : {}),
      };
      if (JSON.stringify(status) !== JSON.stringify(this.lastStatus)) changed = true;
      this.lastStatus = status;
      if (changed) await this.post();
    } catch (error) {
      this.services.log.error(`Module preview of ${this.moduleUri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private configure(title: string | undefined): void {
    this.panel.title = title ? vscode.l10n.t('Preview: {0}', title) : vscode.l10n.t('Module Preview');
    // The extension's media and the module's folder (the article's images), nothing else.
    this.panel.webview.options = webviewOptions(this.services.extensionUri, [vscode.Uri.joinPath(this.moduleUri, '..')], true);
    this.panel.iconPath = vscode.Uri.joinPath(this.services.extensionUri, 'media', 'quiz-activity.svg');
  }

  /** The page's view of one module version, rendered by the same pipeline as the learner's panel. */
  private render(module: QuizModule, articleText: string | undefined): PreviewContent {
    // Code, formulas, alerts, footnotes, images and links as the learner's page shows them.
    const renderer = moduleRenderer({ uri: this.moduleUri, ...(this.articleUri ? { articleUri: this.articleUri } : {}) }, this.panel.webview);
    const article = articleText !== undefined ? renderer.renderArticle(articleText) : undefined;
    const headings = new Map((article?.headings ?? []).map((h) => [h.id, { anchor: h.anchor, text: h.text }]));
    const builder = new QuizViewBuilder(module, renderer, headings);
    const questions = module.questions.map((question): PreviewQuestion => {
      const heading = question.section ? headings.get(question.section) : undefined;
      return {
        id: question.id,
        promptHtml: renderer.renderBlock(question.prompt),
        multiple: isMultipleAnswer(question),
        points: question.points,
        choices: question.choices.map((choice, i) => ({ id: choiceKeyAt(question, i), html: renderer.renderInline(choice.text) })),
        correctChoices: correctChoiceIndexes(question).map((i) => choiceKeyAt(question, i)),
        choiceFeedback: question.choices.flatMap((choice, i) => (choice.feedback ? [{ choiceId: choiceKeyAt(question, i), html: renderer.renderBlock(choice.feedback) }] : [])),
        ...(question.explanation ? { explanationHtml: renderer.renderBlock(question.explanation) } : {}),
        ...(heading ? { section: { id: heading.anchor, title: heading.text } } : {}),
      };
    });
    return { version: ++this.version, module: builder.moduleView(article?.html), shuffleChoices: module.shuffleChoices, questions };
  }

  private async post(): Promise<void> {
    if (this.isDisposed || !this.lastStatus) return;
    const message: ToPreviewMessage = { type: 'preview', status: this.lastStatus, ...(this.lastGood ? { content: this.lastGood } : {}) };
    this.posted.fire(message);
    await this.panel.webview.postMessage(message);
  }
}

/** The last segment of a file's path, for a message. */
export function fileNameOf(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
