// The S3 Batch Operations side of the function: each task's object goes through the same
// per-object path as an S3 event's record (invocation.ts, attempt), and is answered instead of
// thrown: S3 redrives a TemporaryFailure, reports a PermanentFailure, and keeps each resultString
// for the job's completion report.
import type { Context } from 'aws-lambda';
import { DeadlineError, FrameError, S3TransferError } from '../core/errors';
import { batchInvocation, batchResponse, planTask, type BatchResponse, type BatchResultCode, type BatchTaskResult, type TaskPlan } from './batch-event';
import { ABANDON_RESERVE_MS, attempt, invocationDeadline, MIN_REMAINING_MS, reasonOf, type HandlerDeps, type InvocationSummary } from './invocation';
import type { FrameDeadline } from './process-object';

export type BatchHandler = (event: unknown, context?: Context) => Promise<BatchResponse>;

/**
 * How a failure is answered. S3 errors and time running out are worth retrying; any other
 * FrameError is a verdict on the frame itself (not a JPEG, damaged, over a limit) that a retry
 * would repeat. Anything else is not about the frame (a store the function records in, say) and is
 * retried too.
 */
export function resultCodeOf(error: unknown): Exclude<BatchResultCode, 'Succeeded'> {
  if (error instanceof S3TransferError || error instanceof DeadlineError) return 'TemporaryFailure';
  return error instanceof FrameError ? 'PermanentFailure' : 'TemporaryFailure';
}

export function createBatchHandler(deps: HandlerDeps): BatchHandler {
  const minRemainingMs = deps.minRemainingMs ?? MIN_REMAINING_MS;
  return async (event, context) => {
    const invocation = batchInvocation(event);
    deps.observer.invocationStarted(context);
    const clock = invocationDeadline(context, deps.abandonReserveMs ?? ABANDON_RESERVE_MS);
    const summary: InvocationSummary = { processed: [], skipped: 0 };
    const results: BatchTaskResult[] = [];
    try {
      for (const task of invocation.tasks) {
        const plan = planTask(task, invocation.schemaVersion);
        const result = await answer(deps, plan, { context, minRemainingMs, deadline: clock.deadline }, summary);
        if (result) results.push(result);
      }
    } finally {
      clock.dispose();
      deps.observer.invocationFinished();
    }
    return batchResponse(invocation, results);
  };
}

interface Clock {
  context: Context | undefined;
  minRemainingMs: number;
  deadline: FrameDeadline | undefined;
}

/** One task's answer; none for a task without a taskId, which is only logged. */
async function answer(deps: HandlerDeps, plan: TaskPlan, clock: Clock, summary: InvocationSummary): Promise<BatchTaskResult | undefined> {
  if (plan.kind === 'skip') {
    summary.skipped++;
    deps.observer.frameSkipped(plan.object, plan.reason);
    return { taskId: plan.taskId, resultCode: 'Succeeded', resultString: `skipped: ${plan.reason}` };
  }
  if (plan.kind === 'invalid') return failed(deps, plan, new FrameError(plan.reason, plan.object.key));
  const failure = await attempt(deps, { object: plan.object, ...clock }, summary);
  if (failure !== undefined) return failed(deps, plan, failure);
  const { outputKey } = summary.processed[summary.processed.length - 1];
  return { taskId: plan.taskId, resultCode: 'Succeeded', resultString: `s3://${deps.config.outputBucket}/${outputKey}` };
}

function failed(deps: HandlerDeps, plan: Exclude<TaskPlan, { kind: 'skip' }>, failure: unknown): BatchTaskResult | undefined {
  deps.observer.frameFailed(plan.object, failure);
  if (plan.taskId === undefined) return undefined;
  const resultString = failure instanceof FrameError ? `${failure.name}: ${failure.reason}` : reasonOf(failure);
  return { taskId: plan.taskId, resultCode: resultCodeOf(failure), resultString };
}
