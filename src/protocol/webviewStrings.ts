/**
 * Every string the module webview shows, in English. The host passes each through
 * `vscode.l10n.t` and hands the result to the page, so the webview itself needs no l10n API.
 * `{0}`, `{1}` are placeholders, as in `vscode.l10n.t`.
 */
export const WEBVIEW_STRINGS = {
  tabs: 'Module sections',
  article: 'Article',
  quiz: 'Quiz',
  noArticle: 'This module has no article: go straight to the quiz.',
  toQuiz: 'Take the quiz',
  introCount: '{0} questions, {1} points. Passing score: {2}%.',
  introExam: 'Exam style: feedback comes when you finish.',
  introImmediate: 'Feedback after each question.',
  introAttempts: 'Attempts: {0}. Best: {1}%. Last: {2}%.',
  introNoAttempts: 'No attempts yet.',
  start: 'Start quiz',
  resume: 'Resume quiz ({0} answered)',
  restart: 'Start over',
  reviewLast: 'Review last attempt',
  showScores: 'Show all scores',
  questionOf: 'Question {0} of {1}',
  points: '{0} points',
  onePoint: '1 point',
  chooseOne: 'Choose one answer.',
  chooseAll: 'Select all that apply.',
  keyboardHint: 'Keys: 1-9 pick a choice, Enter checks the answer and goes on.',
  check: 'Check answer',
  submit: 'Save answer',
  next: 'Next question',
  seeResults: 'See results',
  correct: 'Correct.',
  incorrect: 'Incorrect.',
  partlyCorrect: 'Partly correct.',
  earned: '{0} of {1} points.',
  earnedOfOne: '{0} of 1 point.',
  answerSaved: 'Answer saved. Feedback comes at the end.',
  correctAnswerWas: 'The correct answer:',
  correctAnswersWere: 'The correct answers:',
  yourPick: 'your pick',
  rightChoice: 'correct choice',
  explanation: 'Explanation',
  reread: 'Re-read this section: {0}',
  backToQuestion: 'Back to the question',
  resultTitle: 'Result',
  resultScore: 'You scored {0}% ({1} of {2} points).',
  passed: 'Passed: the passing score is {0}%.',
  failed: 'Not passed yet: the passing score is {0}%.',
  review: 'Review',
  notAnswered: 'Not answered.',
  retake: 'Retake quiz',
  unavailable: 'This module is not available.',
  pickFirst: 'Pick an answer first.',
} as const;

export type WebviewStringKey = keyof typeof WEBVIEW_STRINGS;
export type WebviewStrings = Record<WebviewStringKey, string>;

export { formatString } from '../core/translate';
