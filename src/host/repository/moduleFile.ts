/**
 * Reading one module file (and its article) and checking it: the repository's one step per
 * file. A file's lint is left out here; the repository adds it once the list has what loads.
 */
import * as vscode from 'vscode';
import { finishModuleCheck, type ArticleRead } from '../../core/checks/moduleCheck';
import { articleSizeProblem } from '../../core/checks/article';
import { problemAt, type ModuleProblem } from '../../core/checks/problems';
import { MAX_ARTICLE_BYTES, MAX_MODULE_FILE_BYTES } from '../../core/module/limits';
import { moduleFileSizeProblem, validateModuleText, type ModuleValidation } from '../../core/checks/validateModule';
import type { LoadedModule } from './ModuleRepository';
import { readBytes, statOf } from '../util/diskReads';

export type ModuleSource = 'bundled' | 'workspace';

/** What one file came to: its text and check, the module when it loads, and its problems. */
export interface FileOutcome {
  readonly uri: vscode.Uri;
  readonly source: ModuleSource;
  readonly text: string;
  readonly validation: ModuleValidation;
  readonly loaded?: Omit<LoadedModule, 'uri' | 'source' | 'text'>;
  readonly problems: ModuleProblem[];
}

const decoder = new TextDecoder('utf-8');

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A problem with a whole file, at its line 1, column 1. */
function fileProblem(file: string, message: string): ModuleProblem {
  return problemAt('', file, { offset: 0, length: 0 }, message);
}

/** The `quizModules.markdown.math` setting: whether `$…$` and `$$…$$` are formulas. */
export function mathEnabled(): boolean {
  return vscode.workspace.getConfiguration('quizModules').get<boolean>('markdown.math', true);
}

/** How a file is named in a problem: its workspace path, or "(bundled)" and its name. */
export function displayPath(uri: vscode.Uri, source: ModuleSource): string {
  if (source === 'bundled') return `(bundled) ${uri.path.split('/').pop()}`;
  return vscode.workspace.asRelativePath(uri, true);
}

/**
 * Loads one module file. Whatever goes wrong in it (an unreadable file, a file over a limit, an
 * exception anywhere, a stack overflow) becomes a problem of that file; it never rejects, so the
 * other files still load.
 */
export async function loadModuleFile(uri: vscode.Uri, source: ModuleSource, lintIgnore: readonly string[]): Promise<FileOutcome> {
  let file = uri.toString();
  try {
    file = displayPath(uri, source);
    return await readModuleFile(uri, source, file, lintIgnore);
  } catch (error) {
    return failed(uri, source, fileProblem(file, vscode.l10n.t('The module could not be loaded: {0}', errorText(error))));
  }
}

/** The outcome of a file that could not be read or checked: its one problem, no text. */
function failed(uri: vscode.Uri, source: ModuleSource, problem: ModuleProblem): FileOutcome {
  return { uri, source, text: '', validation: { problems: [], sectionSpans: new Map() }, problems: [problem] };
}

async function readModuleFile(uri: vscode.Uri, source: ModuleSource, file: string, lintIgnore: readonly string[]): Promise<FileOutcome> {
  let text: string;
  let byteLength: number;
  try {
    // The size first: a file over the limit is never read into memory, let alone parsed.
    const tooBig = moduleFileSizeProblem((await statOf(uri)).size, file, vscode.l10n.t);
    if (tooBig) return failed(uri, source, tooBig);
    const bytes = await readBytes(uri);
    byteLength = bytes.byteLength;
    // It may have grown between the two calls; the validator refuses it then, by this length.
    text = byteLength > MAX_MODULE_FILE_BYTES ? '' : decoder.decode(bytes);
  } catch (error) {
    return failed(uri, source, fileProblem(file, vscode.l10n.t('The file could not be read: {0}', errorText(error))));
  }
  const validation = validateModuleText(text, file, vscode.l10n.t, { byteLength });
  const module = validation.module;
  if (!module) return { uri, source, text, validation, problems: [...validation.problems] };

  let articleUri: vscode.Uri | undefined;
  let article: ArticleRead = { kind: 'none' };
  if (module.article !== undefined) {
    articleUri = vscode.Uri.joinPath(uri, '..', module.article);
    const atArticle = (message: string) => problemAt(text, file, validation.articleSpan ?? { offset: 0, length: 0 }, message);
    try {
      // The size first here too: an article over the limit is not read.
      const tooBig = articleSizeProblem(validation, (await statOf(articleUri)).size, text, file, vscode.l10n.t);
      if (tooBig) {
        article = { kind: 'failed', problem: tooBig };
      } else {
        const bytes = await readBytes(articleUri);
        article =
          bytes.byteLength > MAX_ARTICLE_BYTES
            // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the article is over MAX_ARTICLE_BYTES, for which articleSizeProblem always gives a problem
            ? { kind: 'failed', problem: articleSizeProblem(validation, bytes.byteLength, text, file, vscode.l10n.t)! }
            : { kind: 'text', markdown: decoder.decode(bytes) };
      }
    } catch {
      article = { kind: 'failed', problem: atArticle(vscode.l10n.t('Module: the article "{0}" was not found next to this file.', module.article)) };
    }
  }
  const { problems, headings, articleText } = finishModuleCheck({
    module,
    validation,
    text,
    file,
    article,
    lintIgnore,
    t: vscode.l10n.t,
    // The content lint and the formula check run apart, once the list has what loads (see lintAll).
    lint: false,
  });
  return {
    uri,
    source,
    text,
    validation,
    problems,
    loaded: {
      module,
      ...(articleUri ? { articleUri } : {}),
      ...(articleText !== undefined ? { articleText } : {}),
      headings,
    },
  };
}
