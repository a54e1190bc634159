import { registerHandler } from '../../syndication/handlers/registry';
import { manuscript } from './manuscript';
import { manuscriptStatus } from './manuscriptStatus';
import { newspaperCall } from './newspaperCall';
import { subscriptionQuotas } from './subscriptionQuotas';
import { subscriptionReminder } from './subscriptionReminder';
import { subscriptionReport } from './subscriptionReport';

/** The newspaper's event kinds (one module each), registered with syndication's handler registry. */
export function registerNewspaperHandlers(): void {
  registerHandler('newspaperCall', newspaperCall);
  registerHandler('manuscript', manuscript);
  registerHandler('manuscriptStatus', manuscriptStatus);
  registerHandler('subscriptionQuotas', subscriptionQuotas);
  registerHandler('subscriptionReport', subscriptionReport);
  registerHandler('subscriptionReminder', subscriptionReminder);
}
