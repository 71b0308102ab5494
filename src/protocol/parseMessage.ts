import type { FromWebviewMessage, WebviewPersistedState } from './messages';

const MAX_ID_LENGTH = 200;
const MAX_PICKS = 10;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function hasOnlyKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((key) => keys.includes(key));
}

/**
 * Checks a message that claims to come from a module webview. Returns the typed message, or
 * undefined for anything that is not exactly one of the protocol's messages.
 */
export function parseFromWebview(value: unknown): FromWebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value['type']) {
    case 'ready':
    case 'start':
    case 'restart':
    case 'review':
    case 'showScores':
      return hasOnlyKeys(value, ['type']) ? { type: value['type'] } : undefined;
    case 'next':
      return hasOnlyKeys(value, ['type', 'attemptId']) && isShortString(value['attemptId'])
        ? { type: 'next', attemptId: value['attemptId'] }
        : undefined;
    case 'answer': {
      if (!hasOnlyKeys(value, ['type', 'attemptId', 'questionId', 'picks'])) return undefined;
      const { attemptId, questionId, picks } = value;
      if (!isShortString(attemptId) || !isShortString(questionId)) return undefined;
      if (!Array.isArray(picks) || picks.length === 0 || picks.length > MAX_PICKS) return undefined;
      if (!picks.every((pick) => Number.isInteger(pick) && pick >= 0 && pick < MAX_PICKS)) return undefined;
      return { type: 'answer', attemptId, questionId, picks: [...picks] as number[] };
    }
    default:
      return undefined;
  }
}

/** Checks the state a webview saved, as handed back by VS Code when it restores a panel. */
export function parsePersistedState(value: unknown): WebviewPersistedState | undefined {
  if (!isRecord(value) || !isShortString(value['moduleId'])) return undefined;
  const view = value['view'] === 'quiz' ? 'quiz' : 'article';
  const scrollY = typeof value['scrollY'] === 'number' && Number.isFinite(value['scrollY']) ? Math.max(0, value['scrollY']) : 0;
  return { moduleId: value['moduleId'], view, scrollY };
}
