import { isRelativePath } from '../core/markdown/relativeLinks';
import type { FromWebviewMessage, WebviewPersistedState } from './modulePage';

const MAX_ID_LENGTH = 200;
const MAX_PICKS = 10;
const MAX_LINK_LENGTH = 2048;
/** Choice keys are short base-36 hashes, with a ".n" suffix when two hash alike. */
const CHOICE_KEY = /^[0-9a-z]{1,13}(?:\.[0-9]{1,2})?$/;
/** An IANA time zone name as `Intl` gives it: "Europe/Paris", "America/Argentina/Buenos_Aires", "UTC". */
const TIME_ZONE = /^[A-Za-z0-9_+\-/]{1,64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

/** The first key of `value` that is not one of `keys`, if any. */
function extraKey(value: Record<string, unknown>, keys: readonly string[]): string | undefined {
  return Object.keys(value).find((key) => !keys.includes(key));
}

/** A message of the protocol, or why the value is not one, for the log. */
export type ParsedFromWebview = { readonly message: FromWebviewMessage } | { readonly problem: string };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value;
}

/**
 * Checks a message that claims to come from a module webview: exactly one of the protocol's
 * messages, with no other field, or a problem that says what is wrong with it.
 */
export function checkFromWebview(value: unknown): ParsedFromWebview {
  if (!isRecord(value)) return { problem: `a message must be an object, not ${describe(value)}` };
  const type = value['type'];
  const fields: Record<string, readonly string[]> = {
    ready: ['timeZone'],
    start: [],
    restart: [],
    review: [],
    showScores: [],
    retry: [],
    next: ['attemptId'],
    hint: ['attemptId', 'questionId'],
    answer: ['attemptId', 'questionId', 'picks', 'confidence', 'hinted'],
    openLink: ['href'],
  };
  if (typeof type !== 'string' || !Object.hasOwn(fields, type)) return { problem: `unknown message type ${describe(type)}` };
  const extra = extraKey(value, ['type', ...fields[type]!]);
  if (extra !== undefined) return { problem: `"${type}" has an unexpected field "${extra.slice(0, 40)}"` };
  switch (type) {
    case 'ready': {
      const timeZone = value['timeZone'];
      if (timeZone === undefined) return { message: { type } };
      // Only the shape of a zone name here; the host asks `Intl` whether it knows it.
      if (typeof timeZone !== 'string' || !TIME_ZONE.test(timeZone)) return { problem: '"ready": "timeZone" must be a time zone name' };
      return { message: { type, timeZone } };
    }
    case 'start':
    case 'restart':
    case 'review':
    case 'showScores':
    case 'retry':
      return { message: { type } };
    case 'hint':
      if (!isShortString(value['attemptId'])) return { problem: `"hint": "attemptId" must be a text of 1 to ${MAX_ID_LENGTH} characters` };
      if (!isShortString(value['questionId'])) return { problem: `"hint": "questionId" must be a text of 1 to ${MAX_ID_LENGTH} characters` };
      return { message: { type: 'hint', attemptId: value['attemptId'], questionId: value['questionId'] } };
    case 'openLink': {
      const href = value['href'];
      if (typeof href !== 'string' || href.length === 0 || href.length > MAX_LINK_LENGTH) {
        return { problem: `"openLink": "href" must be a text of 1 to ${MAX_LINK_LENGTH} characters` };
      }
      if (!/^(?:https?:\/\/|mailto:)/i.test(href) && !isRelativePath(href)) {
        return { problem: '"openLink": only http(s), mailto and relative links are opened' };
      }
      return { message: { type: 'openLink', href } };
    }
    case 'next':
      if (!isShortString(value['attemptId'])) return { problem: `"next": "attemptId" must be a text of 1 to ${MAX_ID_LENGTH} characters` };
      return { message: { type: 'next', attemptId: value['attemptId'] } };
    default: {
      const { attemptId, questionId, picks, confidence, hinted } = value;
      if (!isShortString(attemptId)) return { problem: `"answer": "attemptId" must be a text of 1 to ${MAX_ID_LENGTH} characters` };
      if (!isShortString(questionId)) return { problem: `"answer": "questionId" must be a text of 1 to ${MAX_ID_LENGTH} characters` };
      if (!Array.isArray(picks) || picks.length === 0 || picks.length > MAX_PICKS) {
        return { problem: `"answer": "picks" must be a list of 1 to ${MAX_PICKS} choice numbers` };
      }
      if (!picks.every((pick) => typeof pick === 'string' && CHOICE_KEY.test(pick))) {
        return { problem: `"answer": each pick must be a choice key` };
      }
      if (confidence !== undefined && confidence !== 'sure' && confidence !== 'unsure') {
        return { problem: '"answer": "confidence" must be "sure" or "unsure"' };
      }
      if (hinted !== undefined && hinted !== true) return { problem: '"answer": "hinted" can only be true' };
      return {
        message: {
          type: 'answer',
          attemptId,
          questionId,
          picks: [...picks] as string[],
          ...(confidence !== undefined ? { confidence } : {}),
          ...(hinted === true ? { hinted } : {}),
        },
      };
    }
  }
}

/** The typed message, or undefined for anything that is not exactly one of the protocol's messages. */
export function parseFromWebview(value: unknown): FromWebviewMessage | undefined {
  const checked = checkFromWebview(value);
  return 'message' in checked ? checked.message : undefined;
}

/** Checks the state a webview saved, as handed back by VS Code when it restores a panel. */
export function parsePersistedState(value: unknown): WebviewPersistedState | undefined {
  if (!isRecord(value) || !isShortString(value['moduleId'])) return undefined;
  const view = value['view'] === 'quiz' ? 'quiz' : 'article';
  const scrollY = typeof value['scrollY'] === 'number' && Number.isFinite(value['scrollY']) ? Math.max(0, value['scrollY']) : 0;
  return { moduleId: value['moduleId'], view, scrollY };
}
