/**
 * Question pools: a module's `draw` asks a random subset in each full attempt. The subset is
 * chosen when the attempt starts and saved with it (its question order), so a reload, an edit
 * or a resumed attempt asks the same questions.
 */
import type { QuizModule } from '../module/moduleModel';
import { shuffledOrder, type Random } from './shuffle';

/** The questions a new full attempt asks, in the module's order: all of them without `draw`. */
export function drawQuestionIds(module: QuizModule, random: Random): string[] {
  const draw = module.draw;
  const ids = module.questions.map((q) => q.id);
  if (draw === undefined) return ids;
  if (typeof draw === 'number') return pick(ids, draw, random);
  // Per section: each named section gives its count; a question of no named section is always asked.
  const chosen = new Set<string>();
  for (const question of module.questions) if (question.section === undefined || draw[question.section] === undefined) chosen.add(question.id);
  for (const [section, count] of Object.entries(draw)) {
    for (const id of pick(module.questions.filter((q) => q.section === section).map((q) => q.id), count, random)) chosen.add(id);
  }
  return ids.filter((id) => chosen.has(id));
}

/** `count` of the ids at random, in their given order. */
function pick(ids: readonly string[], count: number, random: Random): string[] {
  if (count >= ids.length) return [...ids];
  const kept = new Set(shuffledOrder(ids.length, random).slice(0, count));
  return ids.filter((_, i) => kept.has(i));
}
