import type { ActivationServices, LaterServices } from './later';
import { loadLaterCode } from './laterLoader';
import { Disposable } from '../util/Disposable';

/**
 * The later services (later.ts), made the first time one is asked for: a command, a restored page,
 * a saved LRS connection, a test. Activation makes this holder only, so it compiles none of their
 * code; they are disposed with the extension when they were made.
 */
export class LaterServicesOnDemand extends Disposable {
  private made: LaterServices | undefined;

  constructor(private readonly activation: ActivationServices) {
    super();
  }

  /** The services, made (and their code loaded) now if they were not yet. */
  get services(): LaterServices {
    this.made ??= this.register(loadLaterCode().makeLaterServices(this.activation));
    return this.made;
  }

  /** The services if they were made, without making them. */
  get madeServices(): LaterServices | undefined {
    return this.made;
  }
}
