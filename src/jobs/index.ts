export { createDispatcher, type DeliveredEvent, type Dispatcher, type Subscriber } from './dispatcher.ts';
export { emitEvent } from './outbox.ts';
export {
  createScheduler,
  type JobContext,
  type JobHandler,
  type Scheduler,
  type ScheduleSummary,
} from './scheduler.ts';
