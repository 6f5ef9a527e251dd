export {
  createDispatcher,
  type DeliveredEvent,
  type Dispatcher,
  type DispatcherOptions,
  type DispatchResult,
  type Subscriber,
} from './dispatcher.ts';
export { emitEvent, eventInsertStatement } from './outbox.ts';
export { parseRule } from './recurrence.ts';
export {
  createScheduler,
  type JobContext,
  type JobHandler,
  type JobRun,
  type LastRunStatus,
  type OneOffJob,
  type ScheduleInput,
  type Scheduler,
  type SchedulerOptions,
  type SchedulerState,
  type ScheduleSummary,
  type TickResult,
} from './scheduler.ts';
