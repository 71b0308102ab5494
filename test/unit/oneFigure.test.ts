import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { dashboard, dueCounts, moduleStats, questionStats, streak, studyDays, weakestQuestions } from '../../src/core/scores/analytics';
import { addDays, dayIn, daysBetween, isTimeZone, startOfDay, startOfNextDay } from '../../src/core/schedule/calendar';
import { reportMarkdown } from '../../src/core/scores/classReport';
import { passes, percentOf } from '../../src/core/module/grading';
import { articleHeadings, MarkdownRenderer } from '../../src/core/markdown/markdown';
import { emptyProgress, type AnswerRecord, type AttemptRecord, type ProgressRecord } from '../../src/core/session/progressRecord';
import { summarize } from '../../src/core/session/progressSummary';
import { cardKey, dueCards, emptySchedule, liveCardsOf, nextDue, rate, type ScheduleBook } from '../../src/core/schedule/schedule';
import { choiceKeys, questionVersion } from '../../src/core/module/choiceKeys';
import { CURRENT, step, type SessionState } from '../../src/core/session/session';
import { checkFromModulePage } from '../../src/protocol/modulePage';
import { WEBVIEW_STRINGS } from '../../src/protocol/webviewStrings';
import { QuizViewBuilder } from '../../src/host/webview/quizViews';
import { makeTranslator } from '../../src/webview/context';
import { summaryAnnouncement } from '../../src/webview/summary';
import { question, quizModule } from './testModules';

const ZONES = ['UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Santiago'] as const;

describe('one figure: the shown percent never contradicts the verdict', () => {
  it('shows 139 of 200 with a pass at 70 as 69.5%, on the result page as on every surface', () => {
    assert.equal(percentOf(139, 200, 70), 69.5);
    assert.equal(passes(139, 200, 70), false);
    // The result page: the session finishes an attempt, the view builder makes what the page shows.
    const module = quizModule([question('a', [0], 2, { points: 139 }), question('b', [0], 2, { points: 61 })], { passingScore: 70 });
    const context = { now: () => new Date('2026-11-28T10:00:00Z'), random: () => 0.5, newId: () => 'x' };
    let state: SessionState = { record: emptyProgress(module.id), screen: CURRENT };
    const keys = (id: string) => module.questions.find((q) => q.id === id)!;
    const builder = new QuizViewBuilder(module, new MarkdownRenderer(), new Map());
    let view = step(state, module, { type: 'begin' }, context);
    state = view.state;
    for (const [id, pick] of [['a', 0], ['b', 1]] as const) {
      view = step(state, module, { type: 'answer', attemptId: 'x', questionId: id, picks: [choiceKey(keys(id), pick)] }, context);
      state = view.state;
      view = step(state, module, { type: 'next', attemptId: 'x' }, context);
      state = view.state;
    }
    const quiz = builder.quizState(view.view, state.record);
    assert.equal(quiz.phase, 'summary');
    if (quiz.phase !== 'summary') return;
    assert.equal(quiz.summary.percent, 69.5);
    const t = makeTranslator(WEBVIEW_STRINGS);
    assert.equal(summaryAnnouncement(quiz.summary, t), 'You scored 69.5% (139 of 200 points). Not passed yet: the passing score is 70%.');
  });

  it('a record saved with the old whole percent (70) still shows 69.5', () => {
    const record: ProgressRecord = { version: 3, moduleId: 'm', attempts: [finished('a', 139, 200, 70, false)] };
    const best = summarize(record).best!;
    assert.equal(best.percent, 70, 'as saved');
    assert.equal(percentOf(best.earned, best.possible, 70), 69.5, 'as shown');
  });

  it('never shows a percent on the other side of the passing score, nor 100 with a point missing (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true })),
        (possible, share, passingScore) => {
          const earned = Math.round(share * possible * 1000) / 1000;
          const shown = percentOf(earned, possible, passingScore);
          // Compared with the tolerance `passes` allows for points rounded to thousandths.
          assert.equal(shown >= passingScore - 1e-9, passes(earned, possible, passingScore), `${earned}/${possible} at ${passingScore} shows ${shown}`);
          assert.equal(shown === 100, earned >= possible, `${earned}/${possible} shows ${shown}`);
          assert.ok(Math.abs(shown - (earned * 100) / possible) < 0.1 + 1e-9, 'within a tenth of the exact score');
          assert.equal(Math.round(shown * 10) / 10, shown, 'one decimal at most');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the CLI report writes its shares with the same function', () => {
    const text = reportMarkdown(
      [{ moduleId: 'm', moduleTitle: 'M', questionId: 'q', question: 'Q', learners: 3, answered: 3, rightFirstTry: 2, topWrong: { key: 'k', text: 'No', count: 1 } }],
      3,
    );
    assert.match(text, /\| 66\.7% \| No \(33\.3%\) \|/);
  });
});

function choiceKey(q: ReturnType<typeof question>, index: number): string {
  // The session's keys, as the webview would send them back.
  return choiceKeys(q)[index]!;
}

function answer(correct: boolean, answeredAt: string): AnswerRecord {
  return { picks: ['k'], correct, earned: correct ? 1 : 0, points: 1, answeredAt };
}

function finished(id: string, earned: number, possible: number, percent: number, passed: boolean, kind?: 'practice' | 'review', answers: Record<string, AnswerRecord> = {}): AttemptRecord {
  return {
    id,
    ...(kind ? { kind } : {}),
    startedAt: '2026-11-01T10:00:00.000Z',
    finishedAt: '2026-11-01T10:05:00.000Z',
    questionOrder: Object.keys(answers),
    answers,
    result: { earned, possible, percent, passed },
  };
}

describe('one figure: per-question accuracy, best and last', () => {
  it('counts full attempts only, so the weakest questions and the per-question table agree', () => {
    // A practice attempt that got q right must not lift its accuracy in one place and not the other.
    const record: ProgressRecord = {
      version: 3,
      moduleId: 'm',
      attempts: [
        finished('f1', 0, 1, 0, false, undefined, { q: answer(false, '2026-11-01T10:01:00.000Z') }),
        finished('p1', 1, 1, 100, true, 'practice', { q: answer(true, '2026-11-01T10:02:00.000Z') }),
      ],
    };
    const stats = questionStats({ moduleId: 'm', record });
    assert.deepEqual(stats, [{ moduleId: 'm', questionId: 'q', answered: 1, correct: 0 }]);
    assert.deepEqual(weakestQuestions(stats), stats);
  });

  it('takes attempts and best from the record summary, the sidebar\'s figures, even with side attempts archived (fast-check)', () => {
    const attemptArb = fc.record({
      id: fc.uuid(),
      kind: fc.constantFrom(undefined, 'practice' as const, 'review' as const),
      earned: fc.integer({ min: 0, max: 10 }),
      minute: fc.integer({ min: 0, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(attemptArb, { selector: (a) => a.id, maxLength: 30 }), fc.integer({ min: 0, max: 30 }), (list, moved) => {
        const attempts = list.map((a) => {
          const at = new Date(Date.UTC(2026, 0, 1) + a.minute * 60_000).toISOString();
          return { ...finished(a.id, a.earned, 10, a.earned * 10, a.earned >= 7, a.kind), startedAt: at, finishedAt: at };
        });
        // Some of them moved to the history files: counted in the archived totals, read back as history.
        const history = attempts.slice(0, Math.min(moved, Math.max(0, attempts.length - 1)));
        const kept = attempts.slice(history.length);
        const full = history.filter((a) => a.kind === undefined);
        let best: AttemptRecord['result'];
        for (const a of full) if (!best || a.result!.earned > best.earned) best = a.result;
        const record: ProgressRecord = {
          version: 3,
          moduleId: 'm',
          attempts: kept,
          ...(history.length
            ? { archived: { attempts: full.length, ...(best ? { best } : {}), accuracy: {}, ...(history.length > full.length ? { sideAttempts: history.length - full.length } : {}) } }
            : {}),
        };
        const summary = summarize(record);
        for (const data of [{ moduleId: 'm', record, history }, { moduleId: 'm', record }]) {
          const stats = moduleStats(data);
          assert.equal(stats.finished, summary.finishedAttempts, 'attempts');
          assert.deepEqual(stats.best, summary.best, 'best');
          assert.equal(stats.last?.finishedAt, summary.last?.finishedAt, 'last');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('one figure: heading ids', () => {
  it('gives a heading the same id in the page and in the checks when a footnote holds a heading of the same name', () => {
    const markdown = 'Intro[^n].\n\n[^n]: ## Setup\n    Details.\n\n## Setup\n\nThe real section.\n';
    const renderer = new MarkdownRenderer();
    const { html, headings } = renderer.renderArticle(markdown);
    assert.deepEqual(articleHeadings(markdown), headings);
    assert.deepEqual(headings.map((h) => h.id), ['setup']);
    // Re-read "setup" goes to the section, not to the footnote at the end of the page.
    const section = /<h2 id="section-setup">Setup<\/h2>\n<p>The real section\.<\/p>/;
    assert.match(html, section);
    assert.equal(html.match(/id="section-setup"/g)?.length, 1);
  });
});

describe('one figure: due cards', () => {
  const module = quizModule([question('q1', [0]), question('q2', [0])], { id: 'm' });
  const live = liveCardsOf((id) => (id === 'm' ? module : undefined));
  const answered = new Date('2026-11-27T20:00:00Z');

  function bookWithDeadCards(): ScheduleBook {
    let book = emptySchedule();
    for (const q of module.questions) book = rate(book, 'm', q.id, questionVersion(q), 'again', answered);
    book = rate(book, 'm', 'removed', 'v', 'again', answered);
    book = rate(book, 'gone-module', 'q', 'v', 'again', answered);
    book = rate(book, 'm', 'q1-old', 'old-version', 'again', answered);
    return book;
  }

  it('counts on the scores page only the cards the status bar and the review count', () => {
    const book = bookWithDeadCards();
    const later = new Date('2026-12-10T12:00:00Z');
    const shown = dueCounts(book, later, live, 'UTC');
    assert.equal(shown.now, dueCards(book, later, live, 'UTC').length);
    assert.equal(shown.now, 2, 'cards of removed questions and modules are not due');
    assert.deepEqual([...shown.byModule.keys()], ['m']);
  });

  for (const zone of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
    it(`makes a card due from the start of its due day in ${zone}`, () => {
      // Answered wrong at 20:00 local: due the next day, at 20:00 by the scheduler's clock.
      const evening = startOfDay('2026-11-27', zone) + 20 * 3_600_000;
      const book = rate(emptySchedule(), 'm', 'q1', questionVersion(module.questions[0]!), 'again', new Date(evening));
      const due = Date.parse(book.cards[cardKey('m', 'q1')]!.due);
      const dueDay = dayIn(zone)(new Date(due));
      const morning = new Date(startOfDay(dueDay, zone) + 8 * 3_600_000);
      assert.ok(morning.getTime() < due, 'the morning is before the scheduler\'s time');
      assert.equal(dueCards(book, morning, live, zone).length, 1, 'due at 08:00 on its day');
      const eve = new Date(startOfDay(dueDay, zone) - 1);
      assert.equal(dueCards(book, eve, live, zone).length, 0, 'not the evening before');
      assert.equal(nextDue(book, eve, live, zone)?.getTime(), startOfDay(dueDay, zone));
    });
  }
});

describe('one figure: the learner\'s calendar', () => {
  it('knows real zones only', () => {
    assert.ok(isTimeZone('Europe/Paris'));
    assert.ok(!isTimeZone('Mars/Olympus'));
    assert.ok(!isTimeZone('../../etc'));
    assert.ok(!isTimeZone(42));
  });

  it('finds the first moment of every day, across changes of offset (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), fc.constantFrom(...ZONES, 'America/Havana', 'Asia/Beirut', 'Australia/Lord_Howe'), (n, zone) => {
        const day = addDays('2020-01-01', n);
        const start = startOfDay(day, zone);
        assert.equal(dayIn(zone)(new Date(start)), day);
        assert.ok(dayIn(zone)(new Date(start - 1)) < day, `${day} in ${zone} starts at ${new Date(start).toISOString()}`);
        assert.equal(startOfNextDay(new Date(start), zone), startOfDay(addDays(day, 1), zone));
      }),
      { numRuns: 500 },
    );
  });

  it('names the day of every moment as Intl does, one lookup an hour or not (fast-check)', () => {
    const intlDay = (ms: number, zone: string) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
      );
      return `${parts['year']!.padStart(4, '0')}-${parts['month']}-${parts['day']}`;
    };
    const zones = fc.constantFrom(...ZONES, 'America/Havana', 'Asia/Beirut', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham');
    // Moments packed into a few days around changes of offset, and anywhere in 1900-2100, asked of one function in turn.
    const moment = fc.oneof(
      fc.integer({ min: Date.UTC(2026, 2, 7), max: Date.UTC(2026, 3, 6) }),
      fc.integer({ min: Date.UTC(2026, 9, 24), max: Date.UTC(2026, 10, 3) }),
      fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
    );
    fc.assert(
      fc.property(zones, fc.array(moment, { minLength: 1, maxLength: 200 }), (zone, moments) => {
        const dayOf = dayIn(zone);
        for (const ms of moments) assert.equal(dayOf(new Date(ms)), intlDay(ms, zone), `${new Date(ms).toISOString()} in ${zone}`);
      }),
      { numRuns: 300 },
    );
  });

  it('counts days in a row on the learner\'s calendar: 23:30 and 00:30 in Los Angeles are two days, in UTC one', () => {
    const attempts: AttemptRecord[] = [
      finished('a', 1, 1, 100, true, undefined, { q: answer(true, '2026-11-28T07:30:00.000Z') }),
      finished('b', 1, 1, 100, true, undefined, { q: answer(true, '2026-11-28T08:30:00.000Z') }),
    ];
    const now = new Date('2026-11-28T09:00:00Z');
    assert.equal(streak(studyDays(attempts, dayIn('America/Los_Angeles')), now, dayIn('America/Los_Angeles')), 2);
    assert.equal(streak(studyDays(attempts, dayIn('UTC')), now, dayIn('UTC')), 1);
    const record: ProgressRecord = { version: 3, moduleId: 'm', attempts };
    assert.equal(dashboard([{ moduleId: 'm', record }], undefined, now, { timeZone: 'America/Los_Angeles' }).streak, 2);
  });
});

describe("one figure: the page tells the learner's zone", () => {
  it('accepts "ready" with a zone name, and refuses a zone field that is not one', () => {
    assert.deepEqual(checkFromModulePage({ type: 'ready', timeZone: 'America/Argentina/Buenos_Aires' }), {
      message: { type: 'ready', timeZone: 'America/Argentina/Buenos_Aires' },
    });
    assert.deepEqual(checkFromModulePage({ type: 'ready' }), { message: { type: 'ready' } });
    for (const timeZone of [42, '', '<script>', 'a'.repeat(65), 'Europe/Paris\n']) {
      assert.ok('problem' in checkFromModulePage({ type: 'ready', timeZone }), JSON.stringify(timeZone));
    }
  });
});

describe('one figure: days until a card comes back', () => {
  it('counts calendar days in the learner\'s zone', () => {
    const now = new Date('2026-11-28T07:30:00Z'); // 23:30 on the 27th in Los Angeles
    const due = new Date('2026-11-28T09:00:00Z'); // 01:00 on the 28th there, the same day in UTC
    assert.equal(daysBetween(now, due, 'America/Los_Angeles'), 1);
    assert.equal(daysBetween(now, due, 'UTC'), 0);
    assert.equal(daysBetween(now, new Date('2026-12-05T09:00:00Z'), 'UTC'), 7);
  });
});
