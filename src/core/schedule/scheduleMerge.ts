/** Two review schedules made one, as an import and a start that finds two books do it. */
import { SCHEDULE_VERSION, type ScheduleBook, type ScheduleCard } from './schedule';

/** Cards by key; where both have one, the card reviewed later wins (the base's on a tie). */
export function mergeSchedules(base: ScheduleBook | undefined, incoming: ScheduleBook | undefined): ScheduleBook | undefined {
  if (!incoming) return base;
  if (!base) return incoming;
  const cards: Record<string, ScheduleCard> = { ...base.cards };
  let changed = false;
  const time = (card: ScheduleCard) => (card.lastReview === undefined ? -Infinity : Date.parse(card.lastReview));
  for (const [key, card] of Object.entries(incoming.cards)) {
    const mine = cards[key];
    if (!mine || time(card) > time(mine)) {
      cards[key] = card;
      changed = true;
    }
  }
  // The base's marks of cards whose question is gone stay (pruning settles them against what is loaded).
  return changed ? { ...base, version: SCHEDULE_VERSION, cards } : base;
}
