import type { SessionAction } from '../../core/session/session';
import type { FromWebviewMessage } from '../../protocol/modulePage';

/**
 * The session action a webview message asks for; undefined for the messages the host answers
 * itself (opening the scores page).
 */
export function actionFor(message: FromWebviewMessage): SessionAction | undefined {
  switch (message.type) {
    case 'ready':
      return { type: 'resume' };
    case 'start':
      return { type: 'begin' };
    case 'restart':
      return { type: 'retake' };
    case 'answer':
      return {
        type: 'answer',
        attemptId: message.attemptId,
        questionId: message.questionId,
        picks: message.picks,
        ...(message.confidence ? { confidence: message.confidence } : {}),
        ...(message.hinted ? { hinted: true } : {}),
      };
    case 'retry':
      return { type: 'practice', kind: 'practice' };
    case 'next':
      return { type: 'next', attemptId: message.attemptId };
    case 'review':
      return { type: 'review' };
    case 'showScores':
    case 'openLink':
    case 'hint':
      return undefined;
  }
}
