import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { repoRoot } from '../vscode/codeServer';
import { QUICK_INPUT, type ThemeName, type Workbench } from '../vscode/workbench';
import { openAllScoresDetails } from './scoresDetails';
import { axeFindings, type Finding } from './axe';
import { useWorkbench } from './useWorkbench';

/**
 * Accessibility, proven in the real webview: axe-core (WCAG 2.0/2.1 A and AA plus best practices)
 * on every page a learner meets, in three themes; a keyboard-only journey; what a screen reader
 * is given; reflow at 320 px and 200% zoom; reduced motion and forced colours.
 */

const FIXTURE = 'test/fixtures/a11y';
const READING = 'A11y: reading';
const EXAM = 'A11y: exam';

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `  [${f.page}] ${f.id} (${f.impact}): ${f.help}\n      ${f.targets.join('\n      ')}`).join('\n');
}

/** The scores page needs no script to show its content: its HTML, with the stylesheets inlined, in a plain Chromium page. */
async function scoresInPlainPage(workbench: Workbench, frame: Frame): Promise<Page> {
  let html = await frame.content();
  if (!html.includes('scores-title')) {
    // content() of a frame without scripts can come back empty: rebuild the page from its parts.
    const lang = (await frame.locator('html').getAttribute('lang')) ?? 'en';
    const head = await frame.locator('head').innerHTML();
    const body = await frame.locator('body').innerHTML();
    console.log(`      (scores page: content() gave ${html.length} characters; rebuilt from head ${head.length} and body ${body.length})`);
    html = `<!DOCTYPE html><html lang="${lang}"><head>${head}</head><body>${body}</body></html>`;
  }
  assert.match(html, /<h1 id="scores-title"/, 'the scores page HTML was read');
  const inline = (name: string) => `<style>${readFileSync(path.join(repoRoot, 'media', name), 'utf8')}</style>`;
  html = html
    .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, '')
    .replace(/<link rel="stylesheet" href="[^"]*codicon\.css"[^>]*>/g, '')
    .replace(/<link rel="stylesheet" href="[^"]*\/media\/([a-z]+\.css)"[^>]*>/g, (_, name: string) => inline(name));
  assert.ok(!/<link rel="stylesheet"/.test(html), 'every stylesheet of the scores page is inlined');
  // The theme's variables and classes, as the webview host set them on the live page.
  const htmlStyle = (await frame.locator('html').getAttribute('style')) ?? '';
  const bodyClass = (await frame.locator('body').getAttribute('class')) ?? '';
  const hostStyles = await frame.locator('head style').allTextContents();
  const page = await workbench.page.context().newPage();
  await page.setViewportSize({ width: 1000, height: 800 });
  await page.setContent(html);
  await page.evaluate(
    ({ htmlStyle, bodyClass, hostStyles }) => {
      if (htmlStyle) document.documentElement.setAttribute('style', htmlStyle);
      if (bodyClass) document.body.className = bodyClass;
      if (!document.querySelector('head style#_defaultStyles')) {
        for (const text of hostStyles) document.head.prepend(Object.assign(document.createElement('style'), { textContent: text }));
      }
    },
    { htmlStyle, bodyClass, hostStyles },
  );
  const variable = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim());
  assert.notEqual(variable, '', `the theme variables came along with the page: ${htmlStyle.slice(0, 200)} | ${html.slice(0, 600)}`);
  return page;
}

/** Whether the page's scrolling element scrolls sideways (code blocks and tables may, inside themselves). */
async function scrollsSideways(target: Frame | Page): Promise<string | undefined> {
  return target.evaluate(() => {
    const scroller = document.scrollingElement ?? document.documentElement;
    if (scroller.scrollWidth <= scroller.clientWidth) return undefined;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((e) => e.getBoundingClientRect().right > scroller.clientWidth + 1 && !e.closest('pre, .table-scroll'))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')}`);
    return `scrollWidth ${scroller.scrollWidth} > clientWidth ${scroller.clientWidth}: ${wide.join(', ')}`;
  });
}

interface FocusInfo {
  readonly id: string;
  readonly tag: string;
  readonly text: string;
  readonly key?: string;
  readonly visible: boolean;
  readonly hasFocus: boolean;
}

/** Where focus is in the frame, and whether it shows (an outline on it or on its choice row). */
async function focusInfo(frame: Frame): Promise<FocusInfo> {
  return frame.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    const shows = (e: Element | null) => {
      if (!e) return false;
      const s = getComputedStyle(e);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
    };
    return {
      id: active?.id ?? '',
      tag: active?.tagName ?? '',
      text: (active?.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 80),
      ...(active?.dataset['key'] ? { key: active.dataset['key'] } : {}),
      visible: active !== null && active !== document.body && (shows(active) || shows(active.closest('.choice'))),
      hasFocus: document.hasFocus(),
    };
  });
}

async function expectFocus(frame: Frame, want: (f: FocusInfo) => boolean, what: string): Promise<FocusInfo> {
  let info = await focusInfo(frame);
  for (let i = 0; i < 20 && !want(info); i++) {
    await frame.page().waitForTimeout(100);
    info = await focusInfo(frame);
  }
  assert.ok(want(info), `focus is on ${what}; it is on ${JSON.stringify(info)}`);
  assert.ok(info.visible, `the focus on ${what} is visible (an outline): ${JSON.stringify(info)}`);
  return info;
}

async function openModuleByKeyboard(workbench: Workbench, command: string, title: string): Promise<void> {
  const { page } = workbench;
  await page.keyboard.press('F1');
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ state: 'visible' });
  await page.keyboard.type(command);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** The choice inputs' keys whose texts are given, in the order shown. */
async function keysOf(frame: Frame, texts: readonly string[]): Promise<string[]> {
  return frame.evaluate(
    (wanted) =>
      [...document.querySelectorAll<HTMLInputElement>('input[data-choice]')]
        .filter((input) => wanted.includes((input.labels?.[0]?.querySelector('.choice-text')?.textContent ?? '').trim()))
        .map((input) => input.dataset['key'] ?? ''),
    [...texts],
  );
}

/** Records every non-empty text the live region is given, from now on. */
async function recordAnnouncements(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as { announced: string[] };
    w.announced = [];
    const announcer = document.getElementById('announcer')!;
    new MutationObserver(() => {
      const text = (announcer.textContent ?? '').trim();
      if (text) w.announced.push(text);
    }).observe(announcer, { childList: true, characterData: true, subtree: true });
  });
}

async function announced(frame: Frame, count: number): Promise<string[]> {
  await frame.waitForFunction((n) => (window as unknown as { announced: string[] }).announced.length >= n, count);
  await frame.page().waitForTimeout(300);
  return frame.evaluate(() => (window as unknown as { announced: string[] }).announced.splice(0));
}

let pagesChecked = 0;
const themes: ThemeName[] = ['light', 'dark', 'high-contrast'];

for (const theme of themes) {
  describe(`Accessibility: axe-core finds nothing (${theme} theme)`, function () {
    this.timeout(240_000);
    const workbench = useWorkbench({ fixture: FIXTURE, theme }, `failed-a11y-${theme}-`);

    it('finds no violation on the article, the questions, feedback, an exam, the result and the scores', async () => {
      const findings: Finding[] = [];
      let pages = 0;
      const check = async (target: Frame | Page, name: string) => {
        findings.push(...(await axeFindings(target, name)));
        pages++;
      };

      await workbench.runCommand('Quiz: Open Module');
      await workbench.pickQuickItem(READING);
      const frame = await workbench.webviewFrame('#article h2');
      assert.ok((await frame.locator('body').getAttribute('class'))?.includes(theme === 'high-contrast' ? 'vscode-high-contrast' : `vscode-${theme}`));
      assert.equal(await frame.locator('#article a[href]').count(), 1, 'the article has its link');
      assert.equal(await frame.locator('#article table').count(), 1, 'the article has its table');
      await check(frame, 'article');

      await frame.locator('#tab-quiz').click();
      await frame.locator('#start-quiz').waitFor();
      await check(frame, 'quiz intro');

      await frame.locator('#start-quiz').click();
      await frame.locator('#check-answer').waitFor();
      assert.equal(await frame.locator('input[data-choice][type="radio"]').count(), 3, 'three choices (besides sure and unsure)');
      await check(frame, 'single-answer question');

      await frame.locator('.choice-text', { hasText: 'At least 2:1' }).click();
      await frame.locator('#check-answer').click();
      await frame.locator('#feedback-status', { hasText: 'Incorrect' }).waitFor();
      await check(frame, 'feedback after a wrong answer');

      await frame.locator('#next-question').click();
      await frame.locator('.progress', { hasText: 'Question 2 of 2' }).waitFor();
      assert.equal(await frame.locator('input[type="checkbox"]').count(), 3);
      // With its hint shown, and "unsure" marked.
      await frame.locator('#show-hint').click();
      await frame.locator('#hint-box').waitFor();
      await frame.locator('#confidence-unsure').check();
      await check(frame, 'select-all question with its hint');
      await workbench.screenshot('a11y-hint-confidence');

      await frame.locator('.choice-text', { hasText: /^main$/ }).click();
      await frame.locator('.choice-text', { hasText: /^navigation$/ }).click();
      await frame.locator('#check-answer').click();
      await frame.locator('#next-question').click();
      await frame.locator('.score').waitFor();
      assert.equal(await frame.locator('.review-item').count(), 2);
      await check(frame, 'result and review');

      await workbench.runCommand('View: Close All Editors');
      await workbench.runCommand('Quiz: Start Quiz');
      await workbench.pickQuickItem(EXAM);
      const exam = await workbench.webviewFrame('#question-prompt');
      await exam.locator('.choice-text', { hasText: '320 CSS pixels' }).click();
      await exam.locator('#check-answer').click();
      await exam.locator('.progress', { hasText: 'Question 2 of 2' }).waitFor();
      await exam.waitForFunction(() => /Answer saved/.test(document.getElementById('announcer')?.textContent ?? ''));
      await check(exam, 'exam, after saving an answer');

      await workbench.runCommand('View: Close All Editors');
      await workbench.runCommand('Quiz: Show Scores');
      const scoresFrame = await workbench.webviewFrame('.scores');
      // Every module's details open, so their charts and tables are checked too.
      await openAllScoresDetails(scoresFrame);
      await scoresFrame.locator('.scores table').first().waitFor();
      const scores = await scoresInPlainPage(workbench, scoresFrame).catch((error: Error) => {
        console.log(describeFindings(findings));
        throw error;
      });
      try {
        await check(scores, 'scores (no script)');
        // The scores page reflows too: at 320 px only its tables scroll, inside their box.
        await scores.setViewportSize({ width: 320, height: 800 });
        assert.equal(await scrollsSideways(scores), undefined, 'the scores page at 320 px');
        await scores.setViewportSize({ width: 640, height: 800 });
        await scores.evaluate(() => (document.documentElement.style.zoom = '2'));
        assert.equal(await scrollsSideways(scores), undefined, 'the scores page at 200% zoom');
      } finally {
        await scores.close();
      }

      pagesChecked += pages;
      console.log(`      (axe-core: ${pages} pages in the ${theme} theme, ${findings.length} findings; ${pagesChecked} pages so far)`);
      assert.equal(findings.length, 0, `axe-core findings in the ${theme} theme:\n${describeFindings(findings)}`);
    });
  });
}

describe('Accessibility: keyboard, screen reader, reflow and preferences (dark theme)', function () {
  this.timeout(240_000);
  const workbench = useWorkbench({ fixture: FIXTURE, theme: 'dark' }, 'failed-a11y-');
  let frame: Frame;

  it('takes the whole quiz with the keyboard alone, focus always visible and never trapped', async () => {
    const { page } = workbench;
    await openModuleByKeyboard(workbench, 'Quiz: Open Module', READING);
    frame = await workbench.webviewFrame('#article h2');
    await frame.locator('#start-quiz').waitFor({ state: 'attached' });

    // Into the page: Tab reaches the tabs first.
    for (let i = 0; i < 6 && (await focusInfo(frame)).id !== 'tab-article'; i++) await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.id === 'tab-article', 'the Article tab');
    // The link, the table and the code block of the article come next, then "Take the quiz".
    await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.tag === 'A', 'the article link');
    await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.tag === 'DIV' && f.text.startsWith('Criterion'), 'the table, which scrolls by keyboard');
    await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.tag === 'PRE', 'the code block, which scrolls by keyboard');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expectFocus(frame, (f) => f.id === 'tab-article', 'the Article tab again (Shift+Tab)');

    // Arrow keys move between the tabs.
    await page.keyboard.press('ArrowRight');
    await expectFocus(frame, (f) => f.id === 'tab-quiz', 'the Quiz tab');
    assert.equal(await frame.locator('#tab-quiz').getAttribute('aria-selected'), 'true');
    await page.keyboard.press('ArrowLeft');
    await expectFocus(frame, (f) => f.id === 'tab-article', 'the Article tab (ArrowLeft)');
    assert.equal(await frame.locator('#tab-article').getAttribute('aria-selected'), 'true');
    await page.keyboard.press('End');
    await expectFocus(frame, (f) => f.id === 'tab-quiz', 'the Quiz tab (End)');

    await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.id === 'start-quiz', 'Start quiz');
    await page.keyboard.press('Enter');
    await frame.locator('#check-answer').waitFor();
    await expectFocus(frame, (f) => f.id === 'question-prompt', 'the first question');

    // A single answer: a digit picks, arrows move the pick within the group.
    const [wrong] = await keysOf(frame, ['At least 2:1']);
    await page.keyboard.press(wrong!);
    await expectFocus(frame, (f) => f.key === wrong, `choice ${wrong}`);
    await page.keyboard.press('ArrowDown');
    const moved = await expectFocus(frame, (f) => f.key !== undefined && f.key !== wrong, 'the next choice (ArrowDown)');
    assert.equal(await frame.locator(`input[data-key="${moved.key}"]`).isChecked(), true, 'the arrow moved the pick');
    await page.keyboard.press('ArrowUp');
    await expectFocus(frame, (f) => f.key === wrong, `choice ${wrong} again (ArrowUp)`);
    assert.equal(await frame.locator(`input[data-key="${wrong}"]`).isChecked(), true);

    // Tab is not trapped in the question: the choices are one stop, "how sure" another, then the
    // button, then out.
    await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.id === 'confidence-sure', 'the "how sure are you" group');
    await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.id === 'check-answer', 'Check answer');
    await page.keyboard.press('Tab');
    const out = await focusInfo(frame);
    assert.ok(!out.hasFocus || out.tag === 'BODY', `Tab leaves the last control of the page: ${JSON.stringify(out)}`);
    // Back in with Shift+Tab; where the workbench puts focus then is its business, so if the
    // page did not get it back, focus the button from the script (still no mouse).
    await page.keyboard.press('Shift+Tab');
    if ((await focusInfo(frame)).id !== 'check-answer') await frame.locator('#check-answer').focus();
    await expectFocus(frame, (f) => f.id === 'check-answer', 'Check answer again');

    await page.keyboard.press('Shift+Tab');
    await expectFocus(frame, (f) => f.id === 'confidence-sure', 'the "how sure are you" group (Shift+Tab)');
    await page.keyboard.press('Shift+Tab');
    await expectFocus(frame, (f) => f.key === wrong, 'the picked choice (Shift+Tab)');
    await page.keyboard.press('Enter');
    await frame.locator('#feedback-status', { hasText: 'Incorrect' }).waitFor();
    await expectFocus(frame, (f) => f.id === 'feedback-status', 'the feedback');

    // Re-read the section and come back with Escape.
    await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.tag === 'BUTTON' && f.text.startsWith('Re-read this section'), 'Re-read this section');
    await page.keyboard.press('Enter');
    await expectFocus(frame, (f) => f.id === 'section-basics', 'the article section');
    await page.keyboard.press('Escape');
    await expectFocus(frame, (f) => f.id === 'feedback-status', 'the feedback again (Escape)');
    await page.keyboard.press('Enter');

    // Select all that apply: Tab between the checkboxes, Space ticks.
    await frame.locator('.progress', { hasText: 'Question 2 of 2' }).waitFor();
    await expectFocus(frame, (f) => f.id === 'question-prompt', 'the second question');
    await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.key === '1', 'the first checkbox');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.key === '2', 'the second checkbox');
    await page.keyboard.press('Space');
    assert.deepEqual(
      await frame.locator('input[data-choice]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).checked)),
      [true, true, false],
    );
    await page.keyboard.press('Enter');
    await frame.locator('#feedback-status', { hasText: 'Correct' }).waitFor();
    await expectFocus(frame, (f) => f.id === 'feedback-status', 'the feedback of the second question');
    await page.keyboard.press('Enter');

    await frame.locator('.score').waitFor();
    await expectFocus(frame, (f) => f.id === 'quiz-heading', 'the result heading');
    await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.id === 'retry-mistakes', 'Retry mistakes (one question was wrong)');
    await page.keyboard.press('Tab');
    await expectFocus(frame, (f) => f.id === 'retake-quiz', 'Retake quiz');
    await page.keyboard.press('Enter');
    await frame.locator('.progress', { hasText: 'Question 1 of 2' }).waitFor();
    await expectFocus(frame, (f) => f.id === 'question-prompt', 'the first question of the new attempt');
  });

  it('gives a screen reader named groups, named choices, one announcement each and scores in the sidebar', async () => {
    await recordAnnouncements(frame);
    const prompt = 'What contrast does AA ask of body text?';
    const group = frame.getByRole('radiogroup', { name: prompt, exact: true });
    assert.equal(await group.count(), 1, 'the question is a radio group named by its prompt');
    const description = await frame.evaluate(() => {
      const g = document.querySelector('.choices')!;
      return (g.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
    });
    assert.match(description, /^Question 1 of 2 · 1 point Choose one answer\.$/, 'its description carries the progress');
    for (const text of ['At least 4.5:1', 'At least 2:1', 'Any contrast']) {
      assert.equal(await frame.getByRole('radio', { name: text, exact: true }).count(), 1, `a radio named "${text}"`);
    }
    const tree = await frame.locator('#quiz').ariaSnapshot();
    assert.match(tree, /- heading "Question 1 of 2 · 1 point" \[level=2\]/, tree);
    assert.match(tree, new RegExp(`- radiogroup "${prompt.replace(/[?]/g, '\\?')}"`), tree);
    assert.match(tree, /- radio "At least 4\.5:1"/, tree);

    await frame.locator('.choice-text', { hasText: 'Any contrast' }).click();
    await frame.locator('#check-answer').click();
    await frame.locator('#feedback-status').waitFor();
    assert.deepEqual(await announced(frame, 1), ['Incorrect. 0 of 1 point.'], 'the verdict is announced once, in words');
    const feedbackTree = await frame.locator('#quiz').ariaSnapshot();
    assert.match(feedbackTree, /Incorrect\./, 'the verdict is text, not only an icon or a colour');
    assert.match(feedbackTree, /- radio "At least 4\.5:1 correct choice"/, feedbackTree);
    assert.match(feedbackTree, /- radio "Any contrast your pick" \[checked\] \[disabled\]/, feedbackTree);

    await frame.locator('#next-question').click();
    await frame.locator('.progress', { hasText: 'Question 2 of 2' }).waitFor();
    assert.equal(await frame.getByRole('group', { name: 'Which of these are landmarks?', exact: true }).count(), 1, 'select-all is a group named by its prompt');
    for (const text of ['main', 'navigation', 'paragraph']) {
      assert.equal(await frame.getByRole('checkbox', { name: text, exact: true }).count(), 1, `a checkbox named "${text}"`);
    }
    await frame.locator('.choice-text', { hasText: /^main$/ }).click();
    await frame.locator('.choice-text', { hasText: /^navigation$/ }).click();
    await frame.locator('#check-answer').click();
    await frame.locator('#feedback-status').waitFor();
    assert.deepEqual(await announced(frame, 1), ['Correct. 1 of 1 point.']);
    await frame.locator('#next-question').click();
    await frame.locator('.score').waitFor();
    assert.deepEqual(await announced(frame, 1), ['You scored 50% (1 of 2 points). Passed: the passing score is 50%.'], 'the result is announced once');
    assert.match(await frame.locator('#quiz').ariaSnapshot(), /- heading "Result" \[level=2\]/);

    // The sidebar item says the score in its accessible name.
    await workbench.showQuizSidebar();
    const row = workbench.page.locator(`.monaco-list-row[aria-label^="${READING}"][aria-label*="2 attempts"]`).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match((await row.getAttribute('aria-label')) ?? '', /best 50% · 2 attempts/);
  });

  it('reflows at 320 px and at 200% zoom: only code blocks and tables scroll sideways', async () => {
    const element = await frame.frameElement();
    const setWidth = (width: string) => element.evaluate((e, w) => ((e as HTMLElement).style.width = w), width);
    const setZoom = (zoom: string) => frame.evaluate((z) => (document.documentElement.style.zoom = z), zoom);
    const states: [string, () => Promise<void>][] = [
      ['result', async () => frame.locator('.score').waitFor()],
      ['article', async () => {
        await frame.locator('#tab-article').click();
        await frame.locator('#article pre').waitFor();
      }],
      ['question', async () => {
        await frame.locator('#tab-quiz').click();
        await frame.locator('#retake-quiz').click();
        await frame.locator('#check-answer').waitFor();
      }],
      ['feedback', async () => {
        await frame.locator('.choice-text', { hasText: 'At least 2:1' }).click();
        await frame.locator('#check-answer').click();
        await frame.locator('#feedback-status').waitFor();
      }],
    ];
    try {
      for (const [name, reach] of states) {
        await reach();
        await setWidth('320px');
        await frame.waitForFunction(() => document.documentElement.clientWidth <= 320);
        assert.equal(await scrollsSideways(frame), undefined, `${name} at 320 px`);
        if (name === 'article') {
          const inner = await frame.evaluate(() => {
            const pre = document.querySelector('#article pre')!;
            return pre.scrollWidth > pre.clientWidth;
          });
          assert.ok(inner, 'the code block scrolls inside itself instead');
        }
        await setWidth('');
        await setZoom('2');
        assert.equal(await scrollsSideways(frame), undefined, `${name} at 200% zoom`);
        await setZoom('');
      }
    } finally {
      await setWidth('');
      await setZoom('');
    }
  });

  it('turns every animation off for reduced motion and keeps every state visible in forced colours', async () => {
    const { page } = workbench;
    const moving = () =>
      frame.evaluate(() =>
        [...document.querySelectorAll('*')]
          .filter((e) => {
            const s = getComputedStyle(e);
            const long = (value: string) => value.split(',').some((d) => parseFloat(d) > 0);
            return long(s.transitionDuration) || (s.animationName !== 'none' && long(s.animationDuration));
          })
          .map((e) => e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '')),
      );
    assert.ok((await moving()).length > 0, 'the tabs fade when nothing asks for less motion');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    try {
      assert.equal(await frame.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
      assert.deepEqual(await moving(), [], 'nothing animates with reduced motion');
    } finally {
      await page.emulateMedia({ reducedMotion: null });
    }

    await page.emulateMedia({ forcedColors: 'active' });
    try {
      assert.equal(await frame.evaluate(() => matchMedia('(forced-colors: active)').matches), true);
      // The feedback page of the last test: a wrong pick and the right choice.
      const marks = await frame.evaluate(() => {
        const probe = document.createElement('span');
        probe.style.color = 'CanvasText';
        document.body.append(probe);
        const canvasText = getComputedStyle(probe).color;
        probe.remove();
        const row = (selector: string) => {
          const e = document.querySelector(selector)!;
          const s = getComputedStyle(e);
          return { width: parseFloat(s.borderTopWidth), style: s.borderTopStyle, color: s.borderTopColor, text: e.textContent ?? '' };
        };
        return { canvasText, right: row('.choice.right'), wrong: row('.choice.wrong'), plain: row('.choice:not(.right):not(.wrong)') };
      });
      assert.equal(marks.right.color, marks.canvasText, 'the right choice is bordered in CanvasText');
      assert.equal(marks.wrong.color, marks.canvasText, 'the wrong pick is bordered in CanvasText');
      assert.ok(marks.right.width > marks.plain.width && marks.wrong.width > marks.plain.width, 'marked choices have thicker borders');
      assert.notEqual(marks.right.style, marks.wrong.style, 'right and wrong differ in border style, not colour');
      assert.match(marks.right.text, /correct choice/);
      assert.match(marks.wrong.text, /your pick/);
      await frame.locator('#feedback-status').focus();
      await page.keyboard.press('Tab');
      const focused = await focusInfo(frame);
      assert.ok(focused.visible, `focus shows in forced colours: ${JSON.stringify(focused)}`);
    } finally {
      await page.emulateMedia({ forcedColors: null });
    }
  });
});
