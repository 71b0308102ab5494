import type { QuizModule } from '../core/moduleModel';
import type { ProgressRecord } from '../core/progressRecord';
import { ratingsOfStep } from '../core/schedule';
import { step, type Screen, type SessionAction, type SessionContext, type StepResult } from '../core/session';
import type { ProgressStore } from './ProgressStore';
import type { ScheduleStore } from './ScheduleStore';

export interface SessionStepServices {
  readonly store: ProgressStore;
  readonly schedule: ScheduleStore;
}

/**
 * Runs one step of the quiz session against a module's saved record, saves the record, and
 * rates on the review schedule the answers the step added (an exam's all at once, when it ends).
 * The one way a panel changes progress, so every kind of attempt feeds the schedule alike.
 */
export async function runSessionStep(
  services: SessionStepServices,
  moduleId: string,
  module: QuizModule,
  screen: Screen,
  action: SessionAction,
  context: SessionContext,
): Promise<StepResult | undefined> {
  let result: StepResult | undefined;
  let before: ProgressRecord | undefined;
  await services.store.update(moduleId, (record) => {
    before = record;
    result = step({ record, screen }, module, action, context);
    return result.state.record;
  });
  if (result && before) await services.schedule.rate(moduleId, ratingsOfStep(before, result.state.record, module), context.now());
  return result;
}
