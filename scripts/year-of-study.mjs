// A workspace after a year of study, for `npm run bench`: 50 modules of 40 questions, and a year of
// history made by the product's own code (the session's steps, the schedule's ratings, the move of
// older attempts to history files), written as a scores export that the bench imports into the
// workspace with "Quiz: Import Scores" (so the store, the history files and the schedule are
// written by the extension itself).
//
//   node scripts/year-of-study.mjs <workspace folder> <export file>
//
// prints one JSON line: what was written. Needs the compiled sources in out/ (npm run compile-tests).
// The same seed always gives the same year, ending at the time the script runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = async (...parts) => import(pathToFileURL(join(root, 'out', 'src', ...parts)).href);

export const YEAR = { modules: 50, questionsPerModule: 40, fullAttemptsPerModule: 4, finishedAttempts: 5000, answers: 20_000 };
const DAY = 24 * 60 * 60 * 1000;

/** A small seeded generator (mulberry32): the same year every run. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const moduleId = (m) => `year-${String(m + 1).padStart(2, '0')}`;
export const moduleTitle = (m) => `Year module ${String(m + 1).padStart(2, '0')}`;

function moduleJson(m) {
  return {
    version: 1,
    id: moduleId(m),
    title: moduleTitle(m),
    description: `Module ${m + 1} of a year of study.`,
    passingScore: 70,
    shuffleChoices: true,
    questions: Array.from({ length: YEAR.questionsPerModule }, (_, q) => ({
      id: `q-${String(q + 1).padStart(2, '0')}`,
      prompt: `Question ${q + 1} of module ${m + 1}: which of these is **right**?`,
      choices: [
        { text: `The right answer to ${q + 1}`, correct: true, feedback: 'Yes.' },
        { text: `A near miss for ${q + 1}`, feedback: 'Close, but no.' },
        { text: `A wrong answer to ${q + 1}` },
        { text: 'None of the above', fixed: true },
      ],
      explanation: `Question ${q + 1} is about module ${m + 1}.`,
    })),
  };
}

/**
 * The year: every module's full attempts spread over the year, and between them short review
 * sessions of the cards the schedule holds, earliest due first, until the year has
 * `YEAR.finishedAttempts` finished attempts and about `YEAR.answers` answers (each one a rating
 * of its question's card).
 */
export async function yearOfStudy(now = new Date(), seed = 2026) {
  const { validateModuleText } = await load('core', 'checks', 'validateModule.js');
  const { step } = await load('core', 'session', 'session.js');
  const { emptyProgress } = await load('core', 'session', 'progressRecord.js');
  const { archiveOldAttempts } = await load('core', 'session', 'progressSummary.js');
  const { choiceKeys } = await load('core', 'module', 'choiceKeys.js');
  const { emptySchedule, applyRatings, ratingsOfStep, cardKey } = await load('core', 'schedule', 'schedule.js');
  const { exportedDump, EXPORT_FORMAT, EXPORT_VERSION } = await load('core', 'scores', 'scoresExport.js');
  const random = seeded(seed);
  const texts = [];
  const modules = [];
  for (let m = 0; m < YEAR.modules; m++) {
    const text = `${JSON.stringify(moduleJson(m), null, 2)}\n`;
    const checked = validateModuleText(text, `${moduleId(m)}.quiz.json`);
    if (!checked.module) throw new Error(`the generated module ${moduleId(m)} is not valid`);
    texts.push(text);
    modules.push(checked.module);
  }
  const start = now.getTime() - 365 * DAY;
  let clock = start;
  let ids = 0;
  const context = { now: () => new Date(clock), random, newId: () => `year-${seed}-${(ids++).toString(36)}` };
  const state = modules.map((module) => ({ module, record: emptyProgress(module.id), history: [] }));
  let book = emptySchedule();
  let answers = 0;
  let finished = 0;

  /** Runs one attempt to its end through the session, rating each step's answers as the host does. */
  const play = (s, first) => {
    let result = step({ record: s.record, screen: { kind: 'current' } }, s.module, first, context);
    if (result.ignored) throw new Error(`the year's attempt was refused: ${result.ignored}`);
    const apply = (next) => {
      book = applyRatings(book, s.module.id, ratingsOfStep(s.record, next.state.record, s.module), new Date(clock));
      s.record = next.state.record;
      return next;
    };
    apply(result);
    while (result.view.phase === 'question') {
      const view = result.view;
      clock += 15_000 + Math.floor(random() * 45_000);
      const keys = choiceKeys(view.question);
      const right = random() < 0.78;
      const index = right ? view.question.choices.findIndex((c) => c.correct) : 1 + Math.floor(random() * 3);
      const confidence = random() < 0.3 ? (right && random() < 0.8 ? 'sure' : 'unsure') : undefined;
      result = apply(step(result.state, s.module, { type: 'answer', attemptId: view.attempt.id, questionId: view.question.id, picks: [keys[index]], ...(confidence ? { confidence } : {}) }, context));
      answers++;
      if (result.view.phase === 'question' && result.view.answer) result = apply(step(result.state, s.module, { type: 'next', attemptId: view.attempt.id }, context));
    }
    finished++;
    // As the store saves: the oldest finished attempts move to a history file.
    const { record, moved } = archiveOldAttempts(s.record);
    s.record = record;
    s.history.push(...moved);
  };

  const full = [];
  for (let k = 0; k < YEAR.fullAttemptsPerModule; k++) for (let m = 0; m < YEAR.modules; m++) full.push(((k * YEAR.modules + m + 0.5) / (YEAR.modules * YEAR.fullAttemptsPerModule)) * 364 * DAY);
  const reviews = YEAR.finishedAttempts - full.length;
  const reviewAnswers = YEAR.answers - full.length * YEAR.questionsPerModule;
  let nextFull = 0;
  for (let r = 0; r < reviews; r++) {
    // Reviews begin after the first full attempt, when the first cards exist.
    const at = start + full[0] + ((r + 0.5) / reviews) * (364 * DAY - full[0]);
    for (; nextFull < full.length && start + full[nextFull] <= at; nextFull++) {
      clock = Math.max(clock, start + full[nextFull]);
      play(state[nextFull % YEAR.modules], { type: 'retake' });
    }
    clock = Math.max(clock, at);
    // A review of one module whose cards exist: its earliest due cards, two or three of them.
    const rated = state.filter((s) => Object.hasOwn(book.cards, cardKey(s.module.id, s.module.questions[0].id)));
    const s = rated[Math.floor(random() * rated.length)];
    const count = Math.round(((r + 1) * reviewAnswers) / reviews) - Math.round((r * reviewAnswers) / reviews);
    const due = s.module.questions.map((q) => [q.id, Date.parse(book.cards[cardKey(s.module.id, q.id)]?.due ?? '')]).filter(([, d]) => !Number.isNaN(d)).sort((a, b) => a[1] - b[1]);
    play(s, { type: 'practice', kind: 'review', questionIds: due.slice(0, count).map(([id]) => id) });
  }
  for (; nextFull < full.length; nextFull++) play(state[nextFull % YEAR.modules], { type: 'retake' });

  const exported = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(clock).toISOString(),
    modules: state.map((s) => ({ ...exportedDump(s.record, s.history), title: s.module.title })),
    schedule: book,
  };
  return {
    texts,
    exported,
    counts: {
      modules: modules.length,
      questions: modules.reduce((n, m) => n + m.questions.length, 0),
      finishedAttempts: finished,
      answers,
      cards: Object.keys(book.cards).length,
      cardReviews: Object.values(book.cards).reduce((n, c) => n + c.reps, 0),
      historyAttempts: state.reduce((n, s) => n + s.history.length, 0),
    },
  };
}

/** Writes the modules into `folder` (ten to a sub-folder) and the year's export to `exportFile`. */
export async function writeYearOfStudy(folder, exportFile, now = new Date()) {
  const { texts, exported, counts } = await yearOfStudy(now);
  texts.forEach((text, m) => {
    const sub = join(folder, `unit-${Math.floor(m / 10) + 1}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${moduleId(m)}.quiz.json`), text);
  });
  mkdirSync(dirname(exportFile), { recursive: true });
  const body = JSON.stringify(exported);
  writeFileSync(exportFile, body);
  return { ...counts, exportBytes: body.length, titles: texts.map((_, m) => moduleTitle(m)) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [folder, exportFile] = process.argv.slice(2);
  if (!folder || !exportFile) {
    console.error('usage: node scripts/year-of-study.mjs <workspace folder> <export file>');
    process.exit(2);
  }
  console.log(JSON.stringify(await writeYearOfStudy(folder, exportFile)));
}
