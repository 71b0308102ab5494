/**
 * xAPI statements for a learning record store: `answered` per answer, and `attempted`,
 * `completed` and `passed` or `failed` per full attempt. Statement ids are name-based UUIDs
 * (version 5) of what the statement is about, so the same answer always gets the same id and a
 * record store keeps it once, however often it is sent. Pure.
 */
import { v5 as uuidv5 } from 'uuid';
import { answerDurations, attemptKind, isFinishedAttempt, type QuestionInfo } from '../scores/analytics';
import type { AnswerRecord, AttemptRecord, ProgressRecord } from '../session/progressRecord';
import { type ScoresExport } from '../scores/scoresExport';
import { answerRows } from '../scores/answerRows';

export const XAPI_ANSWERED = 'http://adlnet.gov/expapi/verbs/answered';
export const XAPI_ATTEMPTED = 'http://adlnet.gov/expapi/verbs/attempted';
export const XAPI_COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';
export const XAPI_PASSED = 'http://adlnet.gov/expapi/verbs/passed';
export const XAPI_FAILED = 'http://adlnet.gov/expapi/verbs/failed';
export const XAPI_INTERACTION = 'http://adlnet.gov/expapi/activities/cmi.interaction';
const XAPI_ASSESSMENT = 'http://adlnet.gov/expapi/activities/assessment';

/** Context extensions: which kind of attempt, and which module and question, whatever the base IRI. */
export const EXT_ATTEMPT_KIND = 'urn:quiz-modules:attempt-kind';
export const EXT_MODULE_ID = 'urn:quiz-modules:module-id';
export const EXT_QUESTION_ID = 'urn:quiz-modules:question-id';
/** The question's place in its module (from 0), so a report read back lists questions in module order. */
export const EXT_QUESTION_INDEX = 'urn:quiz-modules:question-index';

/** Our own namespace for name-based statement ids (made once at random; never change it). */
const XAPI_NAMESPACE = 'f3876473-3390-4c67-b669-d8852e0175f5';

const VERB_NAMES: Readonly<Record<string, string>> = {
  [XAPI_ANSWERED]: 'answered',
  [XAPI_ATTEMPTED]: 'attempted',
  [XAPI_COMPLETED]: 'completed',
  [XAPI_PASSED]: 'passed',
  [XAPI_FAILED]: 'failed',
};

/** Every verb a statement of ours may carry, for the consent text and the report. */
export const XAPI_VERBS = Object.keys(VERB_NAMES);

export interface XapiActor {
  /** The system the account belongs to (an IRL). */
  readonly homePage: string;
  /** A pseudonym: nothing that names the learner. */
  readonly name: string;
}

/**
 * Who the statements are about: always the pseudonymous account (it makes the ids); a name
 * and an email only when the learner chose to give them.
 */
export interface XapiIdentity {
  readonly account: XapiActor;
  readonly displayName?: string;
  /** A plain address; written as a `mailto:` IRI. */
  readonly email?: string;
}

/** Where the activity ids of a module and its questions start; see the README. */
interface XapiOptions {
  readonly lang?: string;
  /** An absolute IRI; without it, `urn:quiz-modules:module:<id>`. */
  readonly activityBase?: string;
}

export type Statement = Record<string, unknown>;

/** An ISO 8601 duration of seconds, as xAPI wants it: "PT12.5S". */
export function isoDuration(ms: number): string {
  const centis = Math.max(0, Math.round(ms / 10));
  const hours = Math.floor(centis / 360000);
  const minutes = Math.floor((centis % 360000) / 6000);
  const seconds = (centis % 6000) / 100;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
}

/** A UUID that depends only on `name`: version 5 (SHA-1) under our namespace. */
export function stableUuid(name: string): string {
  return uuidv5(name, XAPI_NAMESPACE);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** Why a base IRI cannot be used, or undefined when it can. */
export function activityBaseProblem(base: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(base)) return 'it must be an absolute IRI such as https://school.example/quizzes/';
  if (/[\s<>"{}|\\^`]/.test(base)) return 'it must not contain spaces or any of < > " { } | \\ ^ `';
  return undefined;
}

/** True for an address a statement may carry as `mbox`. */
export function isEmail(text: string): boolean {
  return EMAIL.test(text);
}

export function moduleActivityId(moduleId: string, base?: string): string {
  if (base === undefined || activityBaseProblem(base) !== undefined) return `urn:quiz-modules:module:${encodeURIComponent(moduleId)}`;
  return `${/[/#:]$/.test(base) ? base : `${base}/`}${encodeURIComponent(moduleId)}`;
}

export function questionActivityId(moduleId: string, questionId: string, base?: string): string {
  const usable = base !== undefined && activityBaseProblem(base) === undefined;
  return usable ? `${moduleActivityId(moduleId, base)}/${encodeURIComponent(questionId)}` : `${moduleActivityId(moduleId)}:question:${encodeURIComponent(questionId)}`;
}

function agentOf(who: XapiActor | XapiIdentity): Statement {
  const identity: XapiIdentity = 'account' in who ? who : { account: who };
  const agent: Statement = { objectType: 'Agent' };
  if (identity.displayName?.trim()) agent['name'] = identity.displayName.trim();
  if (identity.email !== undefined && isEmail(identity.email)) agent['mbox'] = `mailto:${identity.email}`;
  else agent['account'] = { homePage: identity.account.homePage, name: identity.account.name };
  return agent;
}

function accountOf(who: XapiActor | XapiIdentity): XapiActor {
  return 'account' in who ? who.account : who;
}

/** The attempt as a registration: its own id when that is a UUID, else one made from it. */
function registrationOf(moduleId: string, attempt: AttemptRecord): string {
  return UUID.test(attempt.id) ? attempt.id.toLowerCase() : stableUuid(`registration\u0000${moduleId}\u0000${attempt.id}`);
}

const scaled = (earned: number, possible: number) => (possible > 0 ? Math.max(-1, Math.min(1, earned / possible)) : 0);

/** What a module is, for the statements about it. */
export interface XapiModule {
  readonly moduleId: string;
  readonly title?: string;
  readonly questions?: readonly QuestionInfo[];
}

function moduleActivity(module: XapiModule, options: XapiOptions): Statement {
  const lang = options.lang ?? 'en';
  return { objectType: 'Activity', id: moduleActivityId(module.moduleId, options.activityBase), definition: { type: XAPI_ASSESSMENT, name: { [lang]: module.title ?? module.moduleId } } };
}

function contextOf(module: XapiModule, attempt: AttemptRecord, options: XapiOptions, questionId?: string): Statement {
  const index = questionId === undefined ? -1 : (module.questions?.findIndex((q) => q.id === questionId) ?? -1);
  return {
    registration: registrationOf(module.moduleId, attempt),
    ...(questionId !== undefined ? { contextActivities: { parent: [moduleActivity(module, options)] } } : {}),
    extensions: {
      [EXT_ATTEMPT_KIND]: attemptKind(attempt),
      [EXT_MODULE_ID]: module.moduleId,
      ...(questionId !== undefined ? { [EXT_QUESTION_ID]: questionId } : {}),
      ...(index >= 0 ? { [EXT_QUESTION_INDEX]: index } : {}),
    },
  };
}

function statementId(who: XapiActor | XapiIdentity, verb: string, moduleId: string, attemptId: string, questionId = ''): string {
  const account = accountOf(who);
  // The answered statements keep the name the export has always used, so an export made before
  // and a statement sent now about the same answer share one id.
  const kind = verb === XAPI_ANSWERED ? '' : `${VERB_NAMES[verb]}\u0000`;
  return stableUuid(`${kind}${account.homePage}\u0000${account.name}\u0000${moduleId}\u0000${attemptId}\u0000${questionId}`);
}

function verbOf(id: string): Statement {
  return { id, display: { 'en-US': VERB_NAMES[id] ?? id } };
}

/**
 * One `answered` statement. The choices are named by their stable keys (the same whatever order
 * a shuffle showed them in); response and correct pattern join keys with "[,]" as the spec's
 * choice interactions do.
 */
function answeredStatement(
  module: XapiModule,
  attempt: AttemptRecord,
  questionId: string,
  answer: AnswerRecord,
  ms: number,
  who: XapiActor | XapiIdentity,
  options: XapiOptions = {},
): Statement {
  const lang = options.lang ?? 'en';
  const question = module.questions?.find((q) => q.id === questionId);
  const definition: Statement = { type: XAPI_INTERACTION, name: { [lang]: question?.prompt || questionId }, interactionType: 'choice' };
  if (question) {
    definition['correctResponsesPattern'] = [question.choices.filter((c) => c.correct).map((c) => c.key).join('[,]')];
    definition['choices'] = question.choices.map((c) => ({ id: c.key, description: { [lang]: c.text || c.key } }));
  }
  return {
    id: statementId(who, XAPI_ANSWERED, module.moduleId, attempt.id, questionId),
    actor: agentOf(who),
    verb: verbOf(XAPI_ANSWERED),
    object: { objectType: 'Activity', id: questionActivityId(module.moduleId, questionId, options.activityBase), definition },
    result: {
      response: answer.picks.join('[,]'),
      success: answer.correct,
      score: { raw: answer.earned, min: Math.min(0, answer.earned), max: Math.max(answer.points, answer.earned), scaled: scaled(answer.earned, answer.points) },
      duration: isoDuration(ms),
    },
    context: contextOf(module, attempt, options, questionId),
    timestamp: answer.answeredAt,
  };
}

/** `attempted` when an attempt starts (only full attempts: practice and review are not attempts at the test). */
function attemptedStatement(module: XapiModule, attempt: AttemptRecord, who: XapiActor | XapiIdentity, options: XapiOptions = {}): Statement {
  return {
    id: statementId(who, XAPI_ATTEMPTED, module.moduleId, attempt.id),
    actor: agentOf(who),
    verb: verbOf(XAPI_ATTEMPTED),
    object: moduleActivity(module, options),
    context: contextOf(module, attempt, options),
    timestamp: attempt.startedAt,
  };
}

/** `completed`, then `passed` or `failed`, for a finished full attempt: its score and duration. */
function finishedStatements(module: XapiModule, attempt: AttemptRecord, who: XapiActor | XapiIdentity, options: XapiOptions = {}): Statement[] {
  const result = attempt.result;
  if (!result || attempt.finishedAt === undefined) return [];
  const duration = isoDuration(Math.max(0, Date.parse(attempt.finishedAt) - Date.parse(attempt.startedAt)));
  const score = { raw: result.earned, min: Math.min(0, result.earned), max: Math.max(result.possible, result.earned), scaled: scaled(result.earned, result.possible) };
  const statement = (verb: string, extra: Statement): Statement => ({
    id: statementId(who, verb, module.moduleId, attempt.id),
    actor: agentOf(who),
    verb: verbOf(verb),
    object: moduleActivity(module, options),
    result: { score, completion: true, duration, ...extra },
    context: contextOf(module, attempt, options),
    timestamp: attempt.finishedAt,
  });
  return [statement(XAPI_COMPLETED, {}), statement(result.passed ? XAPI_PASSED : XAPI_FAILED, { success: result.passed })];
}

/** The export's statements: one `answered` per answer, as the xAPI export has always written. */
export function toXapi(data: ScoresExport, who: XapiActor | XapiIdentity, lang = 'en', activityBase?: string): Statement[] {
  const options: XapiOptions = { lang, ...(activityBase !== undefined ? { activityBase } : {}) };
  return answerRows(data).map(({ module, attempt, questionId, answer, ms }) => answeredStatement(module, attempt, questionId, answer, ms, who, options));
}

/** Every statement an attempt stands for, in the order they happened. */
export function attemptStatements(module: XapiModule, attempt: AttemptRecord, who: XapiActor | XapiIdentity, options: XapiOptions = {}): Statement[] {
  return statementsForChange(module, undefined, attempt, who, options);
}

/**
 * The statements a save adds: what `after` holds that `before` (the same attempt as it was, or
 * nothing) did not. `attempted` comes with the first answer, so an attempt opened and left
 * empty sends nothing.
 */
function statementsForChange(module: XapiModule, before: AttemptRecord | undefined, after: AttemptRecord, who: XapiActor | XapiIdentity, options: XapiOptions): Statement[] {
  const full = attemptKind(after) === 'full';
  const out: Statement[] = [];
  const hadAnswers = before !== undefined && Object.keys(before.answers).length > 0;
  const answered = Object.entries(after.answers).filter(([id, answer]) => before?.answers[id]?.answeredAt !== answer.answeredAt);
  if (full && !hadAnswers && Object.keys(after.answers).length > 0) out.push(attemptedStatement(module, after, who, options));
  if (answered.length > 0) {
    const durations = answerDurations(after);
    answered.sort(([, a], [, b]) => (a.answeredAt < b.answeredAt ? -1 : a.answeredAt > b.answeredAt ? 1 : 0));
    for (const [id, answer] of answered) out.push(answeredStatement(module, after, id, answer, durations.get(id) ?? 0, who, options));
  }
  if (full && isFinishedAttempt(after) && !(before && isFinishedAttempt(before))) out.push(...finishedStatements(module, after, who, options));
  return out;
}

/**
 * The statements one save of a module's record adds (attempts new or changed since `before`),
 * oldest first. Attempts that left the record (moved to the history files) add nothing.
 */
export function recordStatements(module: XapiModule, before: ProgressRecord | undefined, after: ProgressRecord, who: XapiActor | XapiIdentity, options: XapiOptions = {}): Statement[] {
  const old = new Map((before?.attempts ?? []).map((a) => [a.id, a]));
  return after.attempts.flatMap((attempt) => (old.get(attempt.id) === attempt ? [] : statementsForChange(module, old.get(attempt.id), attempt, who, options)));
}
