/**
 * What activation does not need, made on first use: the module sessions, the module page, the
 * review, the author's preview, the scores page, the LRS connection and the command handlers.
 * In the Node host this file is its own bundle (dist/later.js, esbuild.mjs NODE_PARTS), required
 * by laterLoader.ts the first time a command runs, a page is restored, the LRS resumes or a test
 * asks for one of these; it takes the services activation made (the repository, the stores) from
 * dist/extension.js. This is the second half of the composition root: extension.ts makes the
 * first and hands it here.
 */
import * as vscode from 'vscode';
import { isRelativePath } from '../../core/markdown/relativeLinks';
import { commandTable, type CommandTable } from '../commands/commands';
import { LrsConnection } from '../lrs/LrsConnection';
import { openRelativeLink } from '../modulePage/moduleLinks';
import { ModulePanelManager } from '../modulePage/ModulePanelManager';
import { openModuleLink } from '../modulePage/openLink';
import { ModulePreviewManager } from '../preview/ModulePreviewManager';
import type { ModuleRepository } from '../repository/ModuleRepository';
import { ReviewPanel } from '../review/ReviewPanel';
import { ScoresPanel } from '../scores/ScoresPanel';
import type { Clock } from '../session/Clock';
import type { LearnerDay } from '../session/LearnerDay';
import { ModuleSessions } from '../session/ModuleSessions';
import type { ProgressStore } from '../stores/ProgressStore';
import type { ScheduleStore } from '../stores/ScheduleStore';

/** What activation made, which the later services are built on. */
export interface ActivationServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly repository: ModuleRepository;
  readonly store: ProgressStore;
  readonly schedule: ScheduleStore;
  readonly clock: Clock;
  readonly learnerDay: LearnerDay;
  /** Resolves once the review schedule is read. */
  readonly scheduleLoaded: Promise<unknown>;
}

/** The services made on first use; disposing them disposes each, newest first. */
export interface LaterServices extends vscode.Disposable {
  readonly sessions: ModuleSessions;
  readonly panels: ModulePanelManager;
  readonly scores: ScoresPanel;
  readonly previews: ModulePreviewManager;
  readonly lrs: LrsConnection;
  readonly commands: CommandTable;
  /** The open review session, if any. */
  reviewPanel(): ReviewPanel | undefined;
}

/** Builds the later services over what activation made, in the order activation used to. */
export function makeLaterServices(made: ActivationServices): LaterServices {
  const { context, log, repository, store, schedule, clock, learnerDay, scheduleLoaded } = made;
  const sessions = new ModuleSessions({ repository, store, schedule, random: Math.random, now: clock.now, newId: () => globalThis.crypto.randomUUID() });
  // What the module page and the review page both need to run the session.
  const sessionServices = { extensionUri: context.extensionUri, repository, sessions, schedule, log, now: clock.now, learnerDay };
  const panels = new ModulePanelManager({ ...sessionServices, openLink: (href, base) => openLink(href, base) });
  // A relative link in an article opens the module it leads to, at the heading it names.
  const openLink = (href: string, base?: vscode.Uri): Promise<boolean> =>
    isRelativePath(href)
      ? openRelativeLink(href, base, {
          repository,
          log,
          openModule: async (moduleId, anchor) => {
            const panel = await panels.open(moduleId, 'article');
            if (anchor !== undefined) await panel.showSection(anchor);
          },
        })
      : openModuleLink(href, log);
  const previews = new ModulePreviewManager({ extensionUri: context.extensionUri, repository, log, openLink });
  const scores = new ScoresPanel(context.extensionUri, repository, store, panels, schedule, clock.now, learnerDay, log);
  const lrs = new LrsConnection({ context, repository, store, log });
  const commands = commandTable({
    repository,
    store,
    panels,
    scores,
    previews,
    log,
    schedule,
    globalState: context.globalState,
    lrs,
    openReview: () => scheduleLoaded.then(() => ReviewPanel.open(sessionServices)),
    scheduleLoaded,
  });
  const owned: vscode.Disposable[] = [sessions, panels, scores, previews, lrs];
  return {
    sessions,
    panels,
    scores,
    previews,
    lrs,
    commands,
    reviewPanel: () => ReviewPanel.active,
    dispose: () => {
      for (const disposable of owned.splice(0).reverse()) disposable.dispose();
    },
  };
}
