import * as assert from 'node:assert/strict';
import type { FromModulePageMessage, QuizState, ReviewItem } from '../../src/protocol/modulePage';
import type { ChangeNotice, FeedbackView, QuestionState } from '../../src/protocol/views';
import { WEBVIEW_STRINGS } from '../../src/protocol/webviewStrings';
import { makeTranslator, type RenderContext } from '../../src/webview/context';
import { pickedChoices, renderQuestion } from '../../src/webview/question';
import { renderReviewItem, renderSummary } from '../../src/webview/summary';
import { useWebviewDom } from './webviewDom';

const t = makeTranslator(WEBVIEW_STRINGS);

/** A render context that records what would be sent to the host. */
function recordingContext(): RenderContext & { sent: FromModulePageMessage[]; reread: (id: string) => void; rereads: string[] } {
  const sent: FromModulePageMessage[] = [];
  const rereads: string[] = [];
  return { t, sent, rereads, send: (message) => sent.push(message), reread: (id) => rereads.push(id) };
}

function questionState(options: { multiple?: boolean; feedback?: FeedbackView; notice?: ChangeNotice } = {}): QuestionState {
  return {
    phase: 'question',
    attemptId: 'attempt-1',
    index: 0,
    total: 3,
    question: {
      id: 'q-colours',
      promptHtml: '<p>Which colour is a <em>primary</em> colour?</p>',
      multiple: options.multiple ?? false,
      points: 1,
      // Deliberately not in key order: the page must keep the order it is given.
      choices: [
        { id: 'k-green', html: 'Green' },
        { id: 'k-red', html: 'Red' },
        { id: 'k-mauve', html: '<strong>Mauve</strong>' },
      ],
    },
    ...(options.feedback ? { feedback: options.feedback } : {}),
    ...(options.notice ? { notice: options.notice } : {}),
  };
}

/** The feedback on green picked where red is right. */
function greenPicked(extra: Partial<FeedbackView> = {}): FeedbackView {
  return { correct: false, earned: 0, points: 1, picks: ['k-green'], correctChoices: ['k-red'], choiceFeedback: [], explanationHtml: '<p>Red, yellow and blue.</p>', ...extra };
}

function mount(root: HTMLElement, state: QuestionState, ctx: RenderContext = recordingContext()): HTMLElement {
  root.replaceChildren(...renderQuestion(state, ctx, { exam: false, onCheck: () => undefined }));
  return root;
}

function choiceInputs(root: ParentNode): HTMLInputElement[] {
  return [...root.querySelectorAll<HTMLInputElement>('input[data-choice]')];
}

/** Every class name used anywhere under `root`. */
function allClasses(root: Element): Set<string> {
  const names = new Set<string>();
  for (const node of [root, ...root.querySelectorAll('*')]) node.classList.forEach((name) => names.add(name));
  return names;
}

describe('webview rendering', () => {
  const page = useWebviewDom();

  describe('a question', () => {
    it('uses radio buttons for one answer, each labelled by its choice and carrying its key', () => {
      const root = mount(page.freshRoot(), questionState());
      const inputs = choiceInputs(root);
      assert.equal(inputs.length, 3);
      for (const input of inputs) {
        assert.equal(input.type, 'radio');
        assert.equal(input.name, 'question');
        const label = root.querySelector<HTMLLabelElement>(`label[for="${input.id}"]`);
        assert.ok(label, `no label for ${input.id}`);
        assert.equal(label.htmlFor, input.id);
        assert.equal(input.labels?.length, 1);
      }
      assert.deepEqual(
        inputs.map((input) => input.dataset['choice']),
        ['k-green', 'k-red', 'k-mauve'],
      );
      assert.deepEqual(
        inputs.map((input) => input.labels?.[0]?.querySelector('.choice-text')?.textContent),
        ['Green', 'Red', 'Mauve'],
      );
      assert.equal(root.querySelector('.choices')?.getAttribute('role'), 'radiogroup');
      assert.equal(root.querySelector('#question-prompt')?.textContent, 'Which colour is a primary colour?');
      assert.equal(root.querySelector('#check-answer')?.textContent?.trim(), 'Check answer');
      assert.equal(root.querySelector('.progress')?.textContent, 'Question 1 of 3 · 1 point');
    });

    it('names the choice group by its prompt and describes it with the progress and the hint', () => {
      const root = mount(page.freshRoot(), questionState());
      const group = root.querySelector('.choices')!;
      assert.equal(group.getAttribute('aria-labelledby'), 'question-prompt');
      const described = (group.getAttribute('aria-describedby') ?? '').split(' ').map((id) => root.querySelector(`#${id}`)?.textContent);
      assert.deepEqual(described, ['Question 1 of 3 · 1 point', 'Choose one answer.']);
    });

    it('makes the progress the level-2 heading, so feedback headings never skip a level', () => {
      const feedback = greenPicked();
      const root = mount(page.freshRoot(), questionState({ feedback }));
      const levels = [...root.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName.slice(1)));
      assert.deepEqual(levels, [2, 3]);
      assert.equal(root.querySelector('h2')?.id, 'quiz-heading');
      assert.ok(root.querySelector('h2')?.classList.contains('progress'));
      // The right/wrong marks are words, not colour or icon alone; the icons are hidden.
      const marks = [...root.querySelectorAll('.mark')].map((m) => m.textContent?.trim());
      assert.deepEqual(marks, [t('yourPick'), t('rightChoice')]);
      assert.ok([...root.querySelectorAll('.codicon')].every((i) => i.getAttribute('aria-hidden') === 'true'));
    });

    it('uses checkboxes for "select all that apply"', () => {
      const root = mount(page.freshRoot(), questionState({ multiple: true }));
      const inputs = choiceInputs(root);
      assert.equal(inputs.length, 3);
      assert.ok(inputs.every((input) => input.type === 'checkbox'));
      assert.equal(root.querySelector('.choices')?.getAttribute('role'), 'group');
      assert.equal(root.querySelector('#choice-hint')?.textContent, 'Select all that apply.');
    });

    it('shows the choices in the order given, with digits 1, 2, 3', () => {
      const root = mount(page.freshRoot(), questionState());
      assert.deepEqual(
        [...root.querySelectorAll('.choice-text')].map((node) => node.textContent),
        ['Green', 'Red', 'Mauve'],
      );
      assert.deepEqual(
        choiceInputs(root).map((input) => input.dataset['key']),
        ['1', '2', '3'],
      );
    });

    it('gives no hint of the right answer before feedback', () => {
      const root = mount(page.freshRoot(), questionState());
      const classes = allClasses(root);
      for (const name of ['correct', 'right', 'wrong', 'picked', 'is-right', 'is-wrong', 'is-partial', 'mark', 'feedback']) {
        assert.ok(!classes.has(name), `class "${name}" shown before feedback`);
      }
      assert.ok(!(root.textContent ?? '').includes(t('rightChoice')));
      assert.equal(root.querySelector('#feedback-status'), null);
      assert.ok(choiceInputs(root).every((input) => !input.checked && !input.disabled));
    });

    it('reports the picks as the choice keys (strings)', () => {
      const root = mount(page.freshRoot(), questionState({ multiple: true }));
      const inputs = choiceInputs(root);
      inputs[2]!.checked = true;
      inputs[0]!.checked = true;
      assert.deepEqual(pickedChoices(root), ['k-green', 'k-mauve']);
    });

    it('does not let choice HTML add an input that counts as a pick', () => {
      const state = questionState();
      const forged: QuestionState = {
        ...state,
        question: { ...state.question, choices: [{ id: 'k-only', html: 'Yes <input type="checkbox" checked data-choice="k-forged">' }] },
      };
      const root = mount(page.freshRoot(), forged);
      assert.deepEqual(
        choiceInputs(root).map((input) => input.dataset['choice']),
        ['k-only'],
      );
      assert.deepEqual(pickedChoices(root), []);
    });

    it('after feedback marks the right choice and the wrong pick', () => {
      const feedback = greenPicked({
        choiceFeedback: [{ choiceId: 'k-green', html: 'Green is a secondary colour.' }],
        section: { id: 'section-primary-colours', title: 'Primary colours' },
      });
      const ctx = recordingContext();
      const root = mount(page.freshRoot(), questionState({ feedback }), ctx);
      const rows = [...root.querySelectorAll<HTMLElement>('.choice')];
      const [green, red, mauve] = rows;
      assert.ok(green && red && mauve);
      assert.ok(red.classList.contains('right'));
      assert.ok(!red.classList.contains('wrong'));
      assert.ok(red.querySelector('.mark.right'));
      assert.ok(green.classList.contains('picked'));
      assert.ok(green.classList.contains('wrong'));
      assert.ok(!green.classList.contains('right'));
      assert.ok(green.querySelector('.mark.wrong'));
      assert.ok(!mauve.classList.contains('right') && !mauve.classList.contains('wrong') && !mauve.classList.contains('picked'));
      const inputs = choiceInputs(root);
      assert.deepEqual(
        inputs.map((input) => input.checked),
        [true, false, false],
      );
      assert.ok(inputs.every((input) => input.disabled));

      const status = root.querySelector('#feedback-status');
      assert.equal(status?.textContent?.trim(), 'Incorrect. 0 of 1 point.');
      assert.ok(root.querySelector('.feedback.is-wrong'));
      assert.deepEqual(
        [...root.querySelectorAll('.correct-list li')].map((li) => li.textContent),
        ['Red'],
      );
      assert.equal(root.querySelector('.choice-feedback')?.textContent, 'Green is a secondary colour.');
      assert.equal(root.querySelector('#check-answer'), null);

      const reread = [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Re-read this section'));
      assert.ok(reread);
      reread.click();
      assert.deepEqual(ctx.rereads, ['section-primary-colours']);

      const next = root.querySelector<HTMLButtonElement>('#next-question');
      assert.ok(next);
      next.click();
      next.click();
      assert.deepEqual(ctx.sent, [{ type: 'next', attemptId: 'attempt-1' }]);
      assert.ok(next.disabled);
    });
  });

  describe('the change notice', () => {
    function noticeOf(notice: ChangeNotice): HTMLElement {
      const root = mount(page.freshRoot(), questionState({ notice }));
      const box = root.querySelector<HTMLElement>('#change-notice');
      assert.ok(box, 'no change notice');
      return box;
    }

    it('is absent when the module was not edited', () => {
      const root = mount(page.freshRoot(), questionState());
      assert.equal(root.querySelector('#change-notice'), null);
      assert.equal(root.querySelector('.change-notice'), null);
    });

    it('is a status above the question', () => {
      const root = mount(page.freshRoot(), questionState({ notice: { kept: 2, reasked: 0, removed: 0, added: 0 } }));
      const box = root.querySelector<HTMLElement>('#change-notice');
      assert.ok(box);
      assert.equal(box.getAttribute('role'), 'status');
      assert.ok(box.classList.contains('notice') && box.classList.contains('change-notice'));
      assert.ok(!box.hidden);
      const prompt = root.querySelector('#question-prompt');
      assert.ok(prompt);
      assert.ok(box.compareDocumentPosition(prompt) & box.ownerDocument.defaultView!.Node.DOCUMENT_POSITION_FOLLOWING);
    });

    it('names only the changes that happened, in the singular for one', () => {
      const text = noticeOf({ kept: 1, reasked: 2, removed: 0, added: 0 }).textContent?.trim();
      assert.equal(
        text,
        'This module was edited while you were taking it. 1 answer is kept. 2 changed questions will be asked again.',
      );
    });

    it('uses the plural for several and leaves out zero counts', () => {
      const text = noticeOf({ kept: 0, reasked: 1, removed: 3, added: 1 }).textContent?.trim();
      assert.equal(
        text,
        'This module was edited while you were taking it. 1 changed question will be asked again. 3 questions were removed. 1 new question was added at the end.',
      );
      const other = noticeOf({ kept: 4, reasked: 0, removed: 1, added: 2 }).textContent ?? '';
      assert.ok(other.includes('4 answers are kept.'));
      assert.ok(other.includes('1 question was removed.'));
      assert.ok(other.includes('2 new questions were added at the end.'));
      assert.ok(!other.includes('asked again'));
    });

    it('with nothing counted, is just the title', () => {
      assert.equal(noticeOf({ kept: 0, reasked: 0, removed: 0, added: 0 }).textContent?.trim(), t('changedTitle'));
    });
  });

  describe('the summary review', () => {
    const answered: ReviewItem = {
      questionId: 'q1',
      promptHtml: '<p>Pick red</p>',
      multiple: false,
      choices: [
        { id: 'a', html: 'Red' },
        { id: 'b', html: 'Blue' },
      ],
      feedback: { correct: true, earned: 1, points: 1, picks: ['a'], correctChoices: ['a'], choiceFeedback: [] },
    };

    it('shows a question that changed since with the points that counted', () => {
      const ctx = recordingContext();
      const item = renderReviewItem(
        { questionId: 'q2', promptHtml: '<p>Old wording</p>', multiple: false, choices: [], changed: { earned: 2, points: 3, removed: false } },
        1,
        ctx,
      );
      page.dom().window.document.body.replaceChildren(item);
      assert.equal(item.querySelector('.prompt')?.textContent, 'Old wording');
      const note = item.querySelector('p.hint.review-changed');
      assert.equal(note?.textContent, 'This question changed after you answered it: 2 of 3 points counted.');
      assert.equal(item.querySelector('.choices'), null);
      assert.equal(item.querySelector('.feedback'), null);
      assert.ok(!(item.textContent ?? '').includes(t('notAnswered')));
    });

    it('shows a removed question without a prompt', () => {
      const item = renderReviewItem(
        { questionId: 'q3', promptHtml: '', multiple: true, choices: [], changed: { earned: 1, points: 1, removed: true } },
        2,
        recordingContext(),
      );
      assert.equal(item.querySelector('.prompt'), null);
      assert.equal(
        item.querySelector('.review-changed')?.textContent,
        'This question was removed from the module after you answered it: 1 of 1 points counted.',
      );
    });

    it('shows answered questions with their feedback and unanswered ones as such', () => {
      const summary: Extract<QuizState, { phase: 'summary' }>['summary'] = {
        earned: 1,
        possible: 2,
        percent: 50,
        passed: false,
        passingScore: 70,
        finishedAt: '2024-01-01T00:00:00.000Z',
        review: [answered, { questionId: 'q4', promptHtml: '<p>Skipped</p>', multiple: false, choices: [{ id: 'x', html: 'X' }] }],
      };
      const ctx = recordingContext();
      const root = page.freshRoot();
      root.replaceChildren(...renderSummary(summary, ctx));
      const items = root.querySelectorAll('.review > .review-item');
      assert.equal(items.length, 2);
      assert.ok(items[0]?.querySelector('.choice.right.picked'));
      assert.equal(items[0]?.querySelector('.feedback .status')?.textContent?.trim(), 'Correct. 1 of 1 point.');
      assert.equal(items[0]?.querySelector('#feedback-status'), null);
      assert.equal(items[1]?.querySelector('.hint')?.textContent, 'Not answered.');
      assert.equal(root.querySelector('.score')?.textContent, 'You scored 50% (1 of 2 points).');

      const retake = root.querySelector<HTMLButtonElement>('#retake-quiz');
      assert.ok(retake);
      retake.click();
      retake.click();
      assert.deepEqual(ctx.sent, [{ type: 'restart' }]);
      assert.ok(retake.disabled);
    });
  });
});
