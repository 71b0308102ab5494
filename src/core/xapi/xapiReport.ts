/**
 * Statements read back from a learning record store, turned into one export per learner, so the
 * class report over an LRS is the same `classReport` as over a class's export files. Only our own
 * statements count (those naming a module in their context); anything else is skipped. Pure.
 */
import type { QuestionInfo } from '../scores/analytics';
import type { AnswerRecord, AttemptKind, AttemptRecord, AttemptResult } from '../session/progressRecord';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportedModule, type ScoresExport } from '../scores/scoresExport';
import { EXT_ATTEMPT_KIND, EXT_MODULE_ID, EXT_QUESTION_ID, EXT_QUESTION_INDEX, XAPI_ANSWERED, XAPI_ATTEMPTED, XAPI_COMPLETED, XAPI_FAILED, XAPI_PASSED } from './xapi';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const field = (value: unknown, ...path: string[]): unknown => path.reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
/** The first text of a language map. */
const firstOf = (map: unknown): string | undefined => (isObject(map) ? Object.values(map).find((v): v is string => typeof v === 'string') : undefined);

/** Who a statement is about, as one key: the account, else the mailbox. */
function learnerKey(actor: unknown): string | undefined {
  const home = text(field(actor, 'account', 'homePage'));
  const name = text(field(actor, 'account', 'name'));
  if (home !== undefined && name !== undefined) return `account:${home}\u0000${name}`;
  const mbox = text(field(actor, 'mbox'));
  return mbox !== undefined ? `mbox:${mbox.toLowerCase()}` : undefined;
}

interface Building {
  kind?: AttemptKind;
  startedAt?: string;
  finishedAt?: string;
  result?: Partial<AttemptResult> & { passed?: boolean };
  answers: Map<string, AnswerRecord>;
}

function questionFrom(questionId: string, definition: unknown): QuestionInfo | undefined {
  const choices = field(definition, 'choices');
  if (!Array.isArray(choices)) return undefined;
  const pattern = text((field(definition, 'correctResponsesPattern') as unknown[] | undefined)?.[0]) ?? '';
  const correct = new Set(pattern === '' ? [] : pattern.split('[,]'));
  const list: QuestionInfo['choices'][number][] = [];
  for (const choice of choices) {
    const key = text(field(choice, 'id'));
    if (key === undefined) return undefined;
    list.push({ key, text: firstOf(field(choice, 'description')) ?? key, correct: correct.has(key) });
  }
  return { id: questionId, prompt: firstOf(field(definition, 'name')) ?? questionId, choices: list };
}

/**
 * One export per learner, modules and attempts as the statements tell them. An attempt is
 * finished when its `completed` statement was read; later statements about the same answer
 * (the same id sent twice is stored once, so these are true repeats) keep the first.
 */
export function exportsFromStatements(statements: Iterable<unknown>): ScoresExport[] {
  const learners = new Map<string, Map<string, { title?: string; questions: Map<string, { question: QuestionInfo; index: number }>; attempts: Map<string, Building> }>>();
  const seen = new Set<string>();
  for (const statement of statements) {
    const id = text(field(statement, 'id'));
    if (id !== undefined) {
      if (seen.has(id)) continue;
      seen.add(id);
    }
    const moduleId = text(field(statement, 'context', 'extensions', EXT_MODULE_ID));
    const registration = text(field(statement, 'context', 'registration'));
    const learner = learnerKey(field(statement, 'actor'));
    const verb = text(field(statement, 'verb', 'id'));
    const timestamp = text(field(statement, 'timestamp'));
    if (moduleId === undefined || registration === undefined || learner === undefined || verb === undefined || timestamp === undefined || Number.isNaN(Date.parse(timestamp))) continue;
    const modules = learners.get(learner) ?? new Map();
    learners.set(learner, modules);
    const module = modules.get(moduleId) ?? { questions: new Map<string, { question: QuestionInfo; index: number }>(), attempts: new Map<string, Building>() };
    modules.set(moduleId, module);
    const attempt = module.attempts.get(registration) ?? { answers: new Map<string, AnswerRecord>() };
    module.attempts.set(registration, attempt);
    const kind = text(field(statement, 'context', 'extensions', EXT_ATTEMPT_KIND));
    if (kind === 'practice' || kind === 'review') attempt.kind = kind;
    const result = field(statement, 'result');
    if (verb === XAPI_ANSWERED) {
      const questionId = text(field(statement, 'context', 'extensions', EXT_QUESTION_ID));
      if (questionId === undefined || attempt.answers.has(questionId)) continue;
      const points = number(field(result, 'score', 'max')) ?? 1;
      const response = text(field(result, 'response')) ?? '';
      attempt.answers.set(questionId, {
        picks: response === '' ? [] : response.split('[,]'),
        correct: field(result, 'success') === true,
        earned: number(field(result, 'score', 'raw')) ?? 0,
        points,
        answeredAt: timestamp,
      });
      if (!module.questions.has(questionId)) {
        const question = questionFrom(questionId, field(statement, 'object', 'definition'));
        const index = number(field(statement, 'context', 'extensions', EXT_QUESTION_INDEX));
        if (question) module.questions.set(questionId, { question, index: index ?? Number.MAX_SAFE_INTEGER });
      }
      const title = firstOf(field((field(statement, 'context', 'contextActivities', 'parent') as unknown[] | undefined)?.[0], 'definition', 'name'));
      if (title !== undefined) module.title ??= title;
    } else if (verb === XAPI_ATTEMPTED) {
      attempt.startedAt = timestamp;
    } else if (verb === XAPI_COMPLETED || verb === XAPI_PASSED || verb === XAPI_FAILED) {
      attempt.finishedAt = timestamp;
      const earned = number(field(result, 'score', 'raw'));
      const possible = number(field(result, 'score', 'max'));
      attempt.result = { ...attempt.result, ...(earned !== undefined ? { earned } : {}), ...(possible !== undefined ? { possible } : {}) };
      if (verb !== XAPI_COMPLETED) attempt.result.passed = verb === XAPI_PASSED;
      const title = firstOf(field(statement, 'object', 'definition', 'name'));
      if (title !== undefined) module.title ??= title;
    }
  }
  // A module's questions as all its statements tell them, whoever answered which, in module order.
  const known = new Map<string, QuestionInfo[]>();
  for (const modules of learners.values()) {
    for (const [moduleId, module] of modules) {
      const all = new Map((known.get(moduleId) ?? []).map((q) => [q.id, q]));
      const ranked = [...module.questions.values()].sort((a, b) => a.index - b.index);
      for (const { question } of ranked) if (!all.has(question.id)) all.set(question.id, question);
      known.set(moduleId, [...all.values()]);
    }
  }
  const rank = new Map<string, number>();
  for (const modules of learners.values()) for (const [moduleId, module] of modules) for (const [id, q] of module.questions) rank.set(`${moduleId}\u0000${id}`, q.index);
  for (const [moduleId, list] of known) list.sort((a, b) => (rank.get(`${moduleId}\u0000${a.id}`) ?? 0) - (rank.get(`${moduleId}\u0000${b.id}`) ?? 0));
  const exports: ScoresExport[] = [];
  for (const modules of learners.values()) {
    const list: ExportedModule[] = [];
    for (const [moduleId, module] of modules) {
      const attempts: AttemptRecord[] = [];
      for (const [id, b] of module.attempts) {
        const answers = Object.fromEntries(b.answers);
        const times = [...b.answers.values()].map((a) => a.answeredAt).sort();
        const startedAt = b.startedAt ?? times[0] ?? b.finishedAt;
        if (startedAt === undefined) continue;
        const r = b.result;
        const finished =
          b.finishedAt !== undefined && r?.earned !== undefined && r.possible !== undefined
            ? {
                finishedAt: b.finishedAt,
                result: { earned: r.earned, possible: r.possible, percent: r.possible > 0 ? Math.round((r.earned / r.possible) * 100) : 0, passed: r.passed ?? false },
              }
            : {};
        attempts.push({ id, ...(b.kind ? { kind: b.kind } : {}), startedAt, questionOrder: Object.keys(answers), answers, ...finished });
      }
      attempts.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
      const questions = known.get(moduleId);
      list.push({ moduleId, attempts, ...(module.title !== undefined ? { title: module.title } : {}), ...(questions?.length ? { questions } : {}) });
    }
    exports.push({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: '', modules: list });
  }
  return exports;
}
