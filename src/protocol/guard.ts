/**
 * The guard every page's own guard is made of: checks that a value a page posted is exactly one
 * of the messages that page may send (`checkFromModulePage`, `checkFromReviewPage`,
 * `checkFromPreview` name which), with no other field, or says what is wrong with it.
 */
import { isRelativePath } from '../core/markdown/relativeLinks';
import type { AnswerMessage, HintRequest, NextMessage, OpenLinkMessage, ReadyMessage } from './views';

const MAX_ID_LENGTH = 200;
const MAX_PICKS = 10;
const MAX_LINK_LENGTH = 2048;
/** Choice keys are short base-36 hashes, with a ".n" suffix when two hash alike. */
const CHOICE_KEY = /^[0-9a-z]{1,13}(?:\.[0-9]{1,2})?$/;
/** An IANA time zone name as `Intl` gives it: "Europe/Paris", "America/Argentina/Buenos_Aires", "UTC". */
const TIME_ZONE = /^[A-Za-z0-9_+\-/]{1,64}$/;

/** A message of a page's protocol, or why the value is not one, for the log. */
export type Checked<M> = { readonly message: M } | { readonly problem: string };

/** Every message some page may send; each page's guard takes a part of them. */
type PageMessage =
  | ReadyMessage
  | AnswerMessage
  | NextMessage
  | HintRequest
  | OpenLinkMessage
  | { readonly type: 'start' }
  | { readonly type: 'restart' }
  | { readonly type: 'review' }
  | { readonly type: 'showScores' }
  | { readonly type: 'retry' };

export type PageMessageType = PageMessage['type'];

/** The fields each message may have besides `type`. */
const FIELDS: Readonly<Record<PageMessageType, readonly string[]>> = {
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

/** The first key of `value` that is not one of `keys`, if any. */
function extraKey(value: Record<string, unknown>, keys: readonly string[]): string | undefined {
  return Object.keys(value).find((key) => !keys.includes(key));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value;
}

/**
 * Checks a value a page posted against the messages of `types` (the page's part of the
 * protocol): exactly one of them, with no other field, or a problem that says what is wrong.
 */
export function checkPageMessage<T extends PageMessageType>(value: unknown, types: readonly T[]): Checked<Extract<PageMessage, { readonly type: T }>> {
  if (!isRecord(value)) return { problem: `a message must be an object, not ${describe(value)}` };
  const type = value['type'];
  if (typeof type !== 'string' || !(types as readonly string[]).includes(type)) return { problem: `unknown message type ${describe(type)}` };
  // `type` is one of `types`, so the message checked is of the part asked for.
  return checkFields(value, type as T) as Checked<Extract<PageMessage, { readonly type: T }>>;
}

function checkFields(value: Record<string, unknown>, type: PageMessageType): Checked<PageMessage> {
  const extra = extraKey(value, ['type', ...FIELDS[type]]);
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
    case 'answer':
      return checkAnswer(value);
  }
}

function checkAnswer(value: Record<string, unknown>): Checked<AnswerMessage> {
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
