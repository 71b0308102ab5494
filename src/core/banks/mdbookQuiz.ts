/**
 * mdbook-quiz TOML (the quizzes of the Rust Book's experiment) in, read with smol-toml. Its
 * multiple-choice questions are kept: `prompt.prompt`, the `answer.answer` (one text or a list)
 * and the `prompt.distractors`, with `context` as the explanation. Short-answer and tracing
 * questions have no multiple-choice form and are skipped, said.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import { english, type Translate } from '../util/translate';
import { BankGathering, type BankQuestion, type BankRead } from './bankModel';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

export function readMdbookQuiz(text: string, file: string, t: Translate = english): BankRead {
  let root: Record<string, unknown>;
  try {
    root = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? `:${error.line}` : '';
    return { questions: [], notes: [{ severity: 'error', where: `${file}${line}`, message: t('not readable as TOML ({0}).', (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '') }], skipped: 0 };
  }
  const items = Array.isArray(root.questions) ? root.questions : [];
  if (items.length === 0)
    return { questions: [], notes: [{ severity: 'error', where: file, message: t('not an mdbook-quiz file: it has no [[questions]].') }], skipped: 0 };
  // smol-toml gives no positions: the n-th [[questions]] header is the n-th question's line.
  const headerLines: number[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (/^\s*\[\[\s*questions\s*\]\]/.test(line)) headerLines.push(i + 1);
  });
  const gathered = new BankGathering(t);
  items.forEach((raw, index) => {
    const item = record(raw);
    const where = `${file}:${headerLines[index] ?? 1}`;
    const skip = (why: string) => gathered.skip(where, why);
    const type = typeof item.type === 'string' ? item.type : '';
    if (type !== 'MultipleChoice') {
      skip(t('a question of type "{0}" has no multiple-choice form', type || '?'));
      return;
    }
    const prompt = record(item.prompt);
    const answers = strings(record(item.answer).answer);
    const distractors = strings(prompt.distractors) ?? [];
    if (typeof prompt.prompt !== 'string' || !answers) {
      skip(t('it needs prompt.prompt and answer.answer'));
      return;
    }
    const explanation = typeof item.context === 'string' && item.context.trim() !== '' ? item.context.trim() : undefined;
    const question: BankQuestion = {
      prompt: prompt.prompt.trim(),
      choices: [...answers.map((a) => ({ text: a.trim(), correct: true })), ...distractors.map((d) => ({ text: d.trim(), correct: false }))],
      where,
      ...(typeof item.id === 'string' ? { name: item.id } : {}),
      ...(explanation ? { explanation } : {}),
    };
    gathered.keep(question, where);
  });
  return gathered.read;
}
