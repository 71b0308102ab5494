import { liveCardsOf, type LiveCard } from '../../core/schedule/schedule';
import type { ModuleRepository } from '../repository/ModuleRepository';

/** Cards that belong to a module as it is loaded now, on the question version they were rated on. */
export function liveCards(repository: Pick<ModuleRepository, 'get'>): LiveCard {
  return liveCardsOf((moduleId) => repository.get(moduleId)?.module);
}
