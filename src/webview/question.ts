/**
 * A question, its choices and, once answered, its feedback. Nothing here knows which choices are
 * right before the host's feedback says so.
 */
import type { ChangeNotice, ChoiceView, FeedbackView, QuestionState } from '../protocol/views';
import { changeNoticeParts, earnedText, verdictText, type RenderContext, type Translator } from './context';
import { button, el, icon, setHtml } from './dom';


/** The keys of the choices ticked under `root`, in the order shown. */
export function pickedChoices(root: ParentNode): string[] {
  return [...root.querySelectorAll<HTMLInputElement>('input[data-choice]')]
    .filter((input) => input.checked)
    .map((input) => input.dataset['choice'] ?? '');
}

/** The confidence ticked under `root`, if any. */
export function pickedConfidence(root: ParentNode): 'sure' | 'unsure' | undefined {
  const value = root.querySelector<HTMLInputElement>('input[name="confidence"]:checked')?.value;
  return value === 'sure' || value === 'unsure' ? value : undefined;
}

/**
 * "How sure are you?": two optional radio buttons, native and labelled, with the S and U keys
 * shown beside them.
 */
function renderConfidence(keep: string | undefined, t: Translator): HTMLElement {
  const fieldset = el('fieldset', { className: 'confidence', id: 'confidence' }, el('legend', { text: t('confidenceLegend') }));
  for (const [value, key, label] of [
    ['sure', 's', t('confidenceSure')],
    ['unsure', 'u', t('confidenceUnsure')],
  ] as const) {
    const id = `confidence-${value}`;
    const input = el('input', { id, attrs: { type: 'radio', name: 'confidence', value } });
    input.dataset['confidenceKey'] = key;
    if (keep === value) input.checked = true;
    fieldset.append(
      el('span', { className: 'confidence-option' }, input, el('label', { attrs: { for: id } }, el('span', { className: 'key', text: key.toUpperCase(), attrs: { 'aria-hidden': 'true' } }), label)),
    );
  }
  return fieldset;
}

/** The hint, once the host has sent it: a labelled note under the prompt. */
export function renderHint(html: string, t: Translator): HTMLElement {
  const body = el('div', { className: 'hint-body' });
  setHtml(body, html);
  return el('div', { className: 'hint-box', id: 'hint-box', attrs: { role: 'note', 'aria-labelledby': 'hint-title' } }, el('p', { className: 'hint-title', id: 'hint-title' }, icon('lightbulb'), ' ', el('strong', { text: t('hintTitle') })), body);
}

/** The digit that picks the choice at this 0-based position: 1…9, then 0. */
function choiceDigit(position: number): string {
  return String((position + 1) % 10);
}

/**
 * The choices as radio buttons (one answer) or checkboxes (several), each input labelled by its
 * choice. With feedback they are read-only and marked right, wrong or picked.
 */
export function renderChoices(
  choices: readonly ChoiceView[],
  multiple: boolean,
  name: string,
  feedback: FeedbackView | undefined,
  keepPicks: readonly string[],
  t: Translator,
): HTMLElement {
  const list = el('div', { className: 'choices', attrs: { role: multiple ? 'group' : 'radiogroup', 'aria-labelledby': `${name}-prompt` } });
  choices.forEach((choice, position) => {
    const inputId = `${name}-choice-${position}`;
    const digit = choiceDigit(position);
    const input = el('input', { id: inputId, attrs: { type: multiple ? 'checkbox' : 'radio', name } });
    input.dataset['choice'] = choice.id;
    input.dataset['key'] = digit;
    const text = el('span', { className: 'choice-text' });
    setHtml(text, choice.html);
    const label = el('label', { attrs: { for: inputId } }, el('span', { className: 'key', text: digit, attrs: { 'aria-hidden': 'true' } }), text);
    const row = el('div', { className: 'choice' }, input, label);
    if (feedback) {
      input.disabled = true;
      const picked = feedback.picks.includes(choice.id);
      const right = feedback.correctChoices.includes(choice.id);
      input.checked = picked;
      if (picked) row.classList.add('picked');
      if (right) row.classList.add('right');
      if (picked && !right) row.classList.add('wrong');
      const marks = el('span', { className: 'marks' });
      if (right) marks.append(el('span', { className: 'mark right' }, icon('check'), ` ${t('rightChoice')}`));
      if (picked) {
        marks.append(el('span', { className: right ? 'mark picked' : 'mark wrong' }, icon(right ? 'circle-filled' : 'close'), ` ${t('yourPick')}`));
      }
      label.append(marks);
    } else if (keepPicks.includes(choice.id)) {
      input.checked = true;
    }
    list.append(row);
  });
  return list;
}

/**
 * The verdict, the right answers after a miss, the words for the picks, the explanation and a
 * way to re-read the article section. `standalone` is the one feedback of a question page: its
 * status line gets the id that focus and the end-to-end tests look for.
 */
export function renderFeedback(
  feedback: FeedbackView,
  choices: readonly ChoiceView[],
  idPrefix: string,
  standalone: boolean,
  ctx: RenderContext,
): HTMLElement {
  const { t } = ctx;
  const tone = feedback.correct ? 'is-right' : feedback.earned > 0 ? 'is-partial' : 'is-wrong';
  const box = el('div', { className: `feedback ${tone}` });
  box.append(
    el(
      'p',
      { className: 'status', attrs: standalone ? { id: 'feedback-status', tabindex: '-1' } : {} },
      icon(feedback.correct ? 'pass' : feedback.earned > 0 ? 'circle-large-outline' : 'error'),
      ' ',
      el('strong', { text: verdictText(t, feedback) }),
      ' ',
      earnedText(t, feedback),
    ),
  );
  if (!feedback.correct) {
    const rightOnes = choices.filter((choice) => feedback.correctChoices.includes(choice.id));
    const list = el('ul', { className: 'correct-list' });
    for (const choice of rightOnes) {
      const item = el('li');
      setHtml(item, choice.html);
      list.append(item);
    }
    box.append(el('p', { text: rightOnes.length > 1 ? t('correctAnswersWere') : t('correctAnswerWas') }), list);
  }
  for (const item of feedback.choiceFeedback) {
    const text = el('div', { className: 'choice-feedback' });
    setHtml(text, item.html);
    box.append(text);
  }
  if (feedback.explanationHtml) {
    const body = el('div');
    setHtml(body, feedback.explanationHtml);
    box.append(el('div', { className: 'explanation' }, el('h3', { id: `${idPrefix}-explanation`, text: t('explanation') }), body));
  }
  const section = feedback.section;
  if (section) {
    box.append(el('p', {}, button(t('reread', section.title), () => ctx.reread(section.id), { icon: 'book' })));
  }
  return box;
}

/** "This module was edited…" followed by the counts that are not zero. */
function renderChangeNotice(notice: ChangeNotice, t: Translator): HTMLElement {
  const box = el(
    'div',
    { className: 'notice change-notice', id: 'change-notice', attrs: { role: 'status' } },
    icon('info'),
    ' ',
    el('strong', { text: t('changedTitle') }),
  );
  for (const part of changeNoticeParts(t, notice)) box.append(' ', part);
  return box;
}

interface QuestionOptions {
  /** Feedback comes at the end of the attempt: the button saves rather than checks. */
  readonly exam: boolean;
  /** Choices to show ticked (the same unanswered question drawn again). */
  readonly keepPicks?: readonly string[];
  /** The Check / Save button was pressed. */
  readonly onCheck: () => void;
  /** The confidence to show ticked (the same unanswered question drawn again). */
  readonly keepConfidence?: string;
  /** The hint already shown for this question, rendered. */
  readonly hintHtml?: string;
  /** The Show hint button was pressed. */
  readonly onHint?: () => void;
}

/** The parts of a question page, in order, to put in the quiz area. */
export function renderQuestion(state: QuestionState, ctx: RenderContext, options: QuestionOptions): HTMLElement[] {
  const { t } = ctx;
  const { question, feedback } = state;
  const name = 'question';
  const parts: HTMLElement[] = [];
  if (state.notice) parts.push(renderChangeNotice(state.notice, t));
  // The progress is the page's level-2 heading (under the module title), so the explanation's
  // level-3 heading never skips a level.
  const progress = el('h2', { className: 'progress', id: 'quiz-heading', attrs: { tabindex: '-1' } }, t('questionOf', state.index + 1, state.total));
  // A practice or review attempt says so, so it is never taken for the quiz itself.
  if (state.kind) progress.prepend(`${state.kind === 'practice' ? t('practiceProgress') : t('reviewProgress')} · `);
  progress.append(` · ${question.points === 1 ? t('onePoint') : t('points', question.points)}`);
  const meter = el('progress', { attrs: { max: String(state.total), value: String(state.index + (feedback ? 1 : 0)), 'aria-hidden': 'true' } });
  const prompt = el('div', { className: 'prompt', id: `${name}-prompt`, attrs: { tabindex: '-1' } });
  setHtml(prompt, question.promptHtml);
  const hint = el('p', { className: 'hint', id: 'choice-hint', text: question.multiple ? t('chooseAll') : t('chooseOne') });
  const choices = renderChoices(question.choices, question.multiple, name, feedback, options.keepPicks ?? [], t);
  // The group is named by its prompt and described by its progress ("Question 2 of 5 · 1 point")
  // and the hint, so a screen reader says all three on entering it.
  choices.setAttribute('aria-describedby', 'quiz-heading choice-hint');
  parts.push(progress, meter);
  if (state.source) parts.push(el('p', { className: 'source', id: 'question-source' }, icon('mortar-board'), ' ', t('fromModule', state.source)));
  parts.push(prompt);
  if (!feedback && options.hintHtml !== undefined) parts.push(renderHint(options.hintHtml, t));
  parts.push(hint, choices);
  if (!feedback) parts.push(renderConfidence(options.keepConfidence, t));
  const actions = el('div', { className: 'actions' });
  if (feedback) {
    parts.push(renderFeedback(feedback, question.choices, name, true, ctx));
    const last = state.index + 1 >= state.total;
    actions.append(
      button(last ? t('seeResults') : t('next'), () => ctx.send({ type: 'next', attemptId: state.attemptId }), {
        primary: true,
        icon: last ? 'checklist' : 'arrow-right',
        id: 'next-question',
        once: true,
      }),
    );
  } else {
    actions.append(
      button(options.exam ? t('submit') : t('check'), options.onCheck, {
        primary: true,
        icon: options.exam ? 'save' : 'check',
        id: 'check-answer',
      }),
    );
    if (state.hintAvailable && options.hintHtml === undefined && options.onHint) {
      actions.append(button(t('showHint'), options.onHint, { icon: 'lightbulb', id: 'show-hint', once: true }));
    }
    parts.push(el('p', { className: 'hint keys-hint', text: state.hintAvailable ? t('hintKeys') : t('confidenceKeys') }));
  }
  parts.push(actions);
  return parts;
}
