import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as vscode from 'vscode';
import { dayIn } from '../../src/core/schedule/calendar';
import { questionVersion } from '../../src/core/module/choiceKeys';
import { passes, percentOf } from '../../src/core/module/grading';
import type { AnswerRecord, AttemptRecord, ProgressRecord } from '../../src/core/session/progressRecord';
import { cardKey, emptySchedule, type ScheduleBook, type ScheduleCard } from '../../src/core/schedule/schedule';
import type { QuizModulesTestApi } from '../../src/extension';
import { api } from './support';

/**
 * The figures as each surface shows them, read from what that surface's own code produced: the
 * status bar's text, the sidebar's items, the scores page's HTML and the review's queue. Over
 * random records and schedules (fast-check), they must agree.
 */
const MODULES = ['fixture-colours', 'fixture-shapes'];
const HOUR = 3_600_000;

interface AttemptPlan {
  readonly kind: 'full' | 'practice' | 'review';
  readonly finished: boolean;
  /** Per question of the module (by index): unanswered, wrong or right. */
  readonly answers: readonly (0 | 1 | 2)[];
}

const attemptPlan = fc.record({
  kind: fc.constantFrom('full' as const, 'full' as const, 'practice' as const, 'review' as const),
  finished: fc.boolean(),
  answers: fc.array(fc.constantFrom<0 | 1 | 2>(0, 1, 2), { minLength: 4, maxLength: 4 }),
});

const cardPlan = fc.record({
  module: fc.constantFrom(...MODULES, 'fixture-gone'),
  question: fc.nat(5),
  /** A card rated on another version of its question does not count. */
  stale: fc.boolean(),
  dueInHours: fc.integer({ min: -72, max: 24 * 9 }),
});

const plan = fc.record({
  records: fc.tuple(fc.array(attemptPlan, { maxLength: 6 }), fc.array(attemptPlan, { maxLength: 6 })),
  cards: fc.array(cardPlan, { maxLength: 12 }),
  zone: fc.constantFrom('UTC', 'Pacific/Kiritimati', 'America/Los_Angeles'),
});

function recordOf(moduleId: string, questionIds: readonly string[], plans: readonly AttemptPlan[], now: number): ProgressRecord {
  const attempts: AttemptRecord[] = plans.map((p, i) => {
    const at = (minute: number) => new Date(now - (plans.length - i) * 3 * HOUR + minute * 60_000).toISOString();
    const asked = p.kind === 'full' ? questionIds : questionIds.filter((_, q) => p.answers[q] !== 0);
    const answers: Record<string, AnswerRecord> = {};
    questionIds.forEach((id, q) => {
      const a = p.answers[q] ?? 0;
      if (a !== 0 && asked.includes(id)) answers[id] = { picks: ['k'], correct: a === 2, earned: a === 2 ? 1 : 0, points: 1, answeredAt: at(q + 1) };
    });
    const finished = (p.finished || i < plans.length - 1) && asked.length > 0;
    const earned = Object.values(answers).filter((a) => a.correct).length;
    const possible = asked.length;
    return {
      id: `${moduleId}-a${i}`,
      ...(p.kind !== 'full' ? { kind: p.kind } : {}),
      startedAt: at(0),
      ...(finished ? { finishedAt: at(10), result: { earned, possible, percent: percentOf(earned, possible), passed: passes(earned, possible, 70) } } : {}),
      questionOrder: [...asked],
      answers,
    };
  });
  return { version: 3, moduleId, attempts };
}

function fact(section: string, name: string): string | undefined {
  return new RegExp(`<dt>${name}</dt><dd>([^<]*)</dd>`).exec(section)?.[1];
}

describe('One figure on every surface (fast-check, in VS Code)', () => {
  let exports: QuizModulesTestApi;

  before(async () => {
    exports = await api();
  });

  after(async () => {
    for (const id of MODULES) await exports.store.reset(id);
    await exports.schedule.update(() => emptySchedule());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the same due count, attempts, best and accuracy in the status bar, sidebar, scores page and review', async function () {
    this.timeout(240_000);
    const { repository, store, schedule, due, scores, tree, learnerDay } = exports;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        runs++;
        const now = exports.clock.now().getTime();
        await learnerDay.set(p.zone);
        const modules = MODULES.map((id) => repository.get(id)!.module);
        for (const [i, module] of modules.entries()) {
          const record = recordOf(module.id, module.questions.map((q) => q.id), p.records[i]!, now);
          await store.update(module.id, () => record);
        }
        const cards: Record<string, ScheduleCard> = {};
        for (const c of p.cards) {
          const module = modules.find((m) => m.id === c.module);
          const question = module?.questions[c.question % module.questions.length];
          const questionId = question?.id ?? `q${c.question}`;
          const version = question && !c.stale ? questionVersion(question) : 'another-version';
          const dueAt = new Date(now + c.dueInHours * HOUR).toISOString();
          cards[cardKey(c.module, questionId)] = { questionVersion: version, due: dueAt, stability: 1, difficulty: 5, elapsedDays: 1, scheduledDays: 1, reps: 1, lapses: 0, state: 2 };
        }
        const book: ScheduleBook = { version: 1, cards };
        await schedule.update(() => book);
        due.recount();

        // The status bar.
        const bar = due.statusBar;
        const barCount = bar.visible ? Number(/(\d+) reviews? due/.exec(bar.text)?.[1]) : 0;

        // The sidebar.
        const items = (await tree.getChildren()).filter((n) => n.kind === 'module').map((n) => ({ node: n, item: tree.getTreeItem(n) }));
        const sidebar = new Map(
          items.map(({ node, item }) => {
            const text = String(item.description ?? '');
            return [node.kind === 'module' ? node.loaded.module.id : '', {
              due: Number(/(\d+) due/.exec(text)?.[1] ?? 0),
              best: /best ([\d.]+)%/.exec(text)?.[1],
              attempts: Number(/(\d+) attempts?/.exec(text)?.[1] ?? 0),
            }];
          }),
        );

        // The scores page, as its webview gets it.
        const panel = scores.show();
        await scores.rendered();
        const html = panel.webview.html;
        const dueNow = Number(fact(html, 'Due for review now') ?? 0);

        assert.equal(barCount, dueNow, `status bar "${bar.text}" and the scores page's due now`);
        assert.equal([...sidebar.values()].reduce((n, s) => n + s.due, 0), dueNow, 'the sidebar\'s due counts add up to it');
        for (const module of modules) {
          const section = new RegExp(`<section class="module" aria-labelledby="m-${module.id}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
          assert.ok(section, `the scores page has a section for ${module.id}`);
          // Its details, as the page is sent them when the learner opens them.
          const details = (await scores.detailsHtml(module.id)) ?? '';
          const side = sidebar.get(module.id)!;
          assert.equal(Number(fact(section, 'Attempts')), side.attempts, `${module.id}: attempts`);
          const best = fact(section, 'Best');
          assert.equal(best === '—' ? undefined : /^([\d.]+)%/.exec(best ?? '')?.[1], side.best, `${module.id}: best`);
          const moduleDue = /<dt>Due for review<\/dt><dd>(\d+) now/.exec(section)?.[1];
          assert.equal(Number(moduleDue ?? 0), side.due, `${module.id}: due now`);
          // Each weak question's figures equal its row in the module's per-question table.
          for (const q of module.questions) {
            const row = new RegExp(`<tr><td class="num">\\d+</td><td>${escapeRegExp(q.prompt)}</td><td class="num">(\\d+)</td><td class="num">(\\d+)</td><td class="num">([^<]*)</td>`).exec(details);
            const weak = new RegExp(`<tr><td>${escapeRegExp(module.title)}</td><td>${escapeRegExp(q.prompt)}</td><td class="num">(\\d+)/(\\d+)</td><td class="num">([^<]*)</td>`).exec(html);
            if (weak) {
              assert.ok(row, `${q.id} is weak, so it is in the table`);
              assert.deepEqual([weak[2], weak[1], weak[3]], [row[1], row[2], row[3]], `${module.id}/${q.id}: weakest and table agree`);
            }
          }
        }

        // The review: its queue is what the status bar counts.
        await vscode.commands.executeCommand('quizModules.reviewDue');
        const review = exports.reviewPanel();
        assert.ok(review, 'the review page is open');
        assert.equal(review.plan.length, barCount, 'the review asks what the status bar counts');
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }),
      { numRuns: 15, endOnFailure: true },
    );
    assert.equal(runs, 15);
  });

  it('follows the zone a page reports: a card is due from the start of its day in the learner\'s zone', async () => {
    const { schedule, due, learnerDay, repository } = exports;
    const module = repository.get('fixture-colours')!.module;
    const question = module.questions[0]!;
    const now = exports.clock.now();
    // Twelve hours from now: in some zones that is still today (due now), in others tomorrow.
    const dueAt = new Date(now.getTime() + 12 * HOUR);
    const card: ScheduleCard = { questionVersion: questionVersion(question), due: dueAt.toISOString(), stability: 1, difficulty: 5, elapsedDays: 1, scheduledDays: 1, reps: 1, lapses: 0, state: 2 };
    await schedule.update(() => ({ version: 1, cards: { [cardKey(module.id, question.id)]: card } }));
    const seen = new Set<boolean>();
    for (const zone of ['Etc/GMT+12', 'America/Los_Angeles', 'America/Sao_Paulo', 'UTC', 'Asia/Kolkata', 'Asia/Tokyo', 'Pacific/Kiritimati']) {
      await learnerDay.set(zone);
      const expected = dayIn(zone)(dueAt) <= dayIn(zone)(now);
      seen.add(expected);
      assert.equal(due.count(), expected ? 1 : 0, `in ${zone} the card is ${expected ? '' : 'not '}due now (the status bar recounts when the zone changes)`);
    }
    assert.equal(seen.size, 2, 'some zones are already in its day, some not');
    await learnerDay.set('Not/AZone');
    assert.equal(learnerDay.timeZone, 'Pacific/Kiritimati', 'a zone Intl does not know is ignored');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
