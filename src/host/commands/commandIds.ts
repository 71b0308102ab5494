/**
 * The id of every command the extension registers, in the order of `contributes.commands` in
 * package.json. The command table (`commands.ts`) must have exactly these keys (its type says so),
 * and a unit test holds this list and the manifest to each other. No `vscode` here, so that test
 * runs without VS Code.
 */
export const COMMAND_IDS = [
  'quizModules.openModule',
  'quizModules.startQuiz',
  'quizModules.newModule',
  'quizModules.previewModule',
  'quizModules.showScores',
  'quizModules.resetScores',
  'quizModules.exportScores',
  'quizModules.importScores',
  'quizModules.openModuleFile',
  'quizModules.validateModules',
  'quizModules.refresh',
  'quizModules.retryMistakes',
  'quizModules.reviewDue',
  'quizModules.importQuestions',
  'quizModules.exportQuestions',
  'quizModules.connectLrs',
  'quizModules.disconnectLrs',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
