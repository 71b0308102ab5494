import type { SessionAction } from '../../core/session/session';
import type { FromModulePageMessage } from '../../protocol/modulePage';

/**
 * The session action a module page's message asks for; undefined for the messages the host
 * answers itself (the scores page, a link, a hint).
 */
export function actionFor(message: FromModulePageMessage): SessionAction | undefined {
  switch (message.type) {
    case 'ready':
      return { type: 'resume' };
    case 'start':
      return { type: 'begin' };
    case 'restart':
      return { type: 'retake' };
    case 'answer':
    case 'next':
      // The page sends these as the session's own actions (the guard made them exact).
      return message;
    case 'retry':
      return { type: 'practice', kind: 'practice' };
    case 'review':
      return { type: 'review' };
    case 'showScores':
    case 'openLink':
    case 'hint':
      return undefined;
  }
}
