import * as vscode from 'vscode';
import { isRelativePath, splitRelativeLink } from '../../core/markdown/relativeLinks';
import type { LoadedModule, ModuleRepository } from '../repository/ModuleRepository';

/** Where a relative link from an article leads. */
type RelativeLinkTarget =
  | { readonly kind: 'module'; readonly module: LoadedModule; readonly anchor?: string }
  | { readonly kind: 'other'; readonly uri: vscode.Uri }
  | { readonly kind: 'invalid' };

/**
 * Resolves `href` (relative to the article at `base`) against the loaded modules: a module's
 * article, or its module file, opens that module; a fragment that names one of its headings
 * becomes that heading's element id.
 */
function resolveRelativeLink(href: string, base: vscode.Uri | undefined, modules: readonly LoadedModule[]): RelativeLinkTarget {
  if (!base || !isRelativePath(href)) return { kind: 'invalid' };
  const { path, fragment } = splitRelativeLink(href);
  // A link to a heading of the same file ("" path) is an in-page link, which the page handles.
  if (path === '') return { kind: 'invalid' };
  const target = vscode.Uri.joinPath(base, '..', path);
  const key = target.toString();
  const module = modules.find((m) => m.articleUri?.toString() === key || m.uri.toString() === key);
  if (!module) return { kind: 'other', uri: target };
  const heading = fragment === undefined ? undefined : module.headings.find((h) => h.id === fragment || h.anchor === fragment);
  return heading ? { kind: 'module', module, anchor: heading.anchor } : { kind: 'module', module };
}

/**
 * Opens a relative link clicked in an article. Only another module (its article or its module
 * file) is opened, in a module panel, at the heading the link names; a link to any other local
 * file is refused with a message that says why, and logged, so an article cannot open arbitrary
 * files. Resolves whether a module was opened.
 */
export async function openRelativeLink(
  href: string,
  base: vscode.Uri | undefined,
  services: {
    readonly repository: ModuleRepository;
    readonly log: vscode.LogOutputChannel;
    readonly openModule: (moduleId: string, anchor: string | undefined) => Promise<void>;
  },
): Promise<boolean> {
  const target = resolveRelativeLink(href, base, services.repository.modules);
  if (target.kind === 'invalid') {
    services.log.warn(`Refused a relative link that leads nowhere: ${href.slice(0, 200)}`);
    return false;
  }
  if (target.kind === 'other') {
    services.log.warn(`Refused to open "${href.slice(0, 200)}" from an article: it is not the article of a quiz module.`);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('"{0}" is not the article of a quiz module, so Quiz Modules does not open it. Links in an article can open other modules, web pages and mail addresses.', splitRelativeLink(href).path),
    );
    return false;
  }
  await services.openModule(target.module.module.id, target.anchor);
  return true;
}
