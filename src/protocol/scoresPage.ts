/**
 * The messages between the host and the scores page (src/host/scores/ScoresPanel.ts and
 * src/webview/scores.ts), and the guard for what the page sends: the host acts only on a value
 * `checkFromScoresPage` accepts, and logs the problem of anything else.
 */

/** What the scores page sends. */
export type FromScoresPage =
  /** When the page starts: the learner's time zone (the calendar day is the UI's, not the host's). */
  | { readonly type: 'timeZone'; readonly timeZone: string }
  /** A "Re-read" link: show that section of the module's article. The host checks both names. */
  | { readonly type: 'reread'; readonly moduleId: string; readonly section: string }
  /** A module's details opened (the host sends them) or closed. */
  | { readonly type: 'details'; readonly moduleId: string; readonly open: boolean };

/** What the host sends the scores page. */
export type ToScoresPage = {
  readonly type: 'details';
  readonly moduleId: string;
  /** The details' HTML, built on the host from core's figures (src/host/scores/scoresPageHtml.ts). */
  readonly html: string;
  /** Said by the page's live region once the details are shown. */
  readonly announcement: string;
};

type CheckedFromScoresPage = { readonly message: FromScoresPage } | { readonly problem: string };

const MAX_NAME_LENGTH = 200;
/** An IANA time zone name as `Intl` gives it: "Europe/Paris", "UTC". The host asks `Intl` whether it knows it. */
const TIME_ZONE = /^[A-Za-z0-9_+\-/]{1,64}$/;

const FIELDS = {
  timeZone: ['timeZone'],
  reread: ['moduleId', 'section'],
  details: ['moduleId', 'open'],
} as const satisfies Record<FromScoresPage['type'], readonly string[]>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH;
}

/**
 * Exactly one of the page's messages, with no other field; otherwise a problem that names the
 * message and the field at fault. Never throws, whatever it is given.
 */
export function checkFromScoresPage(value: unknown): CheckedFromScoresPage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: `a message must be an object, not ${describe(value)}` };
  const record = value as Record<string, unknown>;
  const type = record['type'];
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) return { problem: `unknown message type ${describe(type)}` };
  const kind = type as keyof typeof FIELDS;
  const allowed: readonly string[] = ['type', ...FIELDS[kind]];
  const extra = Object.keys(record).find((key) => !allowed.includes(key));
  if (extra !== undefined) return { problem: `"${kind}": unexpected field ${describe(extra)}` };
  const name = (field: string) => `"${kind}": "${field}" must be a text of 1 to ${MAX_NAME_LENGTH} characters, not ${describe(record[field])}`;
  switch (kind) {
    case 'timeZone': {
      const timeZone = record['timeZone'];
      if (typeof timeZone !== 'string' || !TIME_ZONE.test(timeZone)) return { problem: `"timeZone": "timeZone" must be a time zone name, not ${describe(timeZone)}` };
      return { message: { type: kind, timeZone } };
    }
    case 'reread': {
      const { moduleId, section } = record;
      if (!isName(moduleId)) return { problem: name('moduleId') };
      if (!isName(section)) return { problem: name('section') };
      return { message: { type: kind, moduleId, section } };
    }
    case 'details': {
      const { moduleId, open } = record;
      if (!isName(moduleId)) return { problem: name('moduleId') };
      if (typeof open !== 'boolean') return { problem: `"details": "open" must be true or false, not ${describe(open)}` };
      return { message: { type: kind, moduleId, open } };
    }
  }
}

/** Checks a message the host sends, as the page receives it: the page acts only on these. */
export function isToScoresPage(value: unknown): value is ToScoresPage {
  if (typeof value !== 'object' || value === null) return false;
  const { type, moduleId, html, announcement } = value as Record<string, unknown>;
  return type === 'details' && typeof moduleId === 'string' && typeof html === 'string' && typeof announcement === 'string';
}
