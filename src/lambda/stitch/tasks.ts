// The stitch functions' handlers (planner and worker): each takes the tasks of its own kinds and
// runs them on the StitchService. A payload that is not such a task (malformed, or a task for the
// other function) is a StitchTaskError: logged and thrown, so that after Lambda's retries it lands
// in the on-failure destination for someone to see; nothing else depends on it (the outbox and
// the sweeper re-drive every real step). Anything else thrown (S3, DynamoDB) fails the invocation
// so that Lambda retries it: every step is safe to repeat.
import type { TrackingLog } from '../../tracking/context';
import { StitchTaskError } from '../../video/errors';
import { parseStitchTask, taskOfPayload, type StitchService, type StitchTask, type TaskResult } from '../../video/stitch';

export interface TaskHandlerDeps {
  service: Pick<StitchService, 'run'>;
  log: TrackingLog;
}

export type TaskHandler = (payload: unknown) => Promise<TaskResult>;

/** The planner: "Video Frames Processed" events (the EventBridge rule) and plan tasks (the sweeper's re-drive). */
export function createPlannerHandler(deps: TaskHandlerDeps): TaskHandler {
  return taskHandler(deps, taskOfPayload, ['plan']);
}

/** The worker: segment and join tasks (asynchronous invocations from the planner, a worker, the sweeper). */
export function createWorkerHandler(deps: TaskHandlerDeps): TaskHandler {
  return taskHandler(deps, parseStitchTask, ['segment', 'join']);
}

function taskHandler(deps: TaskHandlerDeps, read: (payload: unknown) => StitchTask, kinds: Array<StitchTask['kind']>): TaskHandler {
  return async (payload) => {
    let task: StitchTask;
    try {
      task = read(payload);
      if (!kinds.includes(task.kind)) throw new StitchTaskError(`a ${task.kind} task, but this function runs ${kinds.join(' and ')} tasks`, 'stitch task');
    } catch (error) {
      if (error instanceof StitchTaskError) deps.log.error('not a stitch task of this function: refused', { reason: error.reason, payload: JSON.stringify(payload)?.slice(0, 500) });
      throw error;
    }
    return deps.service.run(task);
  };
}
