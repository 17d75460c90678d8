// The S3 Batch Operations side of the function: each task's object goes through the same
// per-object path as an S3 event's record (invocation.ts, attempt), and is answered instead of
// thrown: S3 redrives a TemporaryFailure, reports a PermanentFailure, and keeps each resultString
// for the job's completion report. Batch Operations invokes synchronously, so a failed task never
// reaches the on-failure destination (and the failed-frame recorder behind it): with tracking on,
// a frame answered PermanentFailure is recorded failed for its video here, in the same invocation,
// so its video still completes; if that record cannot be made, the task is answered
// TemporaryFailure instead, and S3's redrive records it.
import type { Context } from 'aws-lambda';
import {
  CorruptJpegError,
  FrameError,
  FrameTrackingError,
  ImageTooSmallError,
  JpegEncodeError,
  KernelTrapError,
  LimitExceededError,
  NotAJpegError,
  RecursionGuardError,
  S3TransferError,
  UnsupportedJpegError,
} from '../core/errors';
import { batchInvocation, batchResponse, planTask, type BatchResponse, type BatchResultCode, type BatchTaskResult, type TaskPlan } from './batch-event';
import { ABANDON_RESERVE_MS, attempt, invocationDeadline, MIN_REMAINING_MS, reasonOf, type HandlerDeps, type InvocationSummary } from './invocation';
import type { FrameDeadline } from './process-object';

export type BatchHandler = (event: unknown, context?: Context) => Promise<BatchResponse>;

/** Verdicts on the frame itself, which a retry would only repeat. */
const VERDICTS = [NotAJpegError, CorruptJpegError, UnsupportedJpegError, ImageTooSmallError, LimitExceededError, RecursionGuardError, KernelTrapError, JpegEncodeError];

/**
 * S3's answers that a retry would only repeat: the object is gone, or the function may not read
 * it (AWS's own Batch Operations examples answer these PermanentFailure).
 * see: Amazon S3 API Reference, "Error responses" (NoSuchKey, NoSuchBucket, AccessDenied...).
 */
const PERMANENT_S3_CODES = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket', 'AccessDenied', 'Forbidden', 'InvalidObjectState', 'KMS.AccessDeniedException']);

/**
 * How a failure is answered: a verdict on the frame (not a JPEG, damaged, over a limit...) or an
 * S3 answer that the object is gone or not readable is permanent; anything else (throttling,
 * a timeout, time running out, a store the frame is recorded in after its edge map is written)
 * is worth a retry, which S3 makes.
 */
export function resultCodeOf(error: unknown): Exclude<BatchResultCode, 'Succeeded'> {
  if (VERDICTS.some((verdict) => error instanceof verdict)) return 'PermanentFailure';
  return error instanceof S3TransferError && error.s3Code !== undefined && PERMANENT_S3_CODES.has(error.s3Code) ? 'PermanentFailure' : 'TemporaryFailure';
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
  if (plan.kind === 'invalid') return failed(deps, plan, new FrameError(plan.reason, plan.object.key), 'PermanentFailure');
  const failure = await attempt(deps, { object: plan.object, ...clock }, summary);
  if (failure !== undefined) return recordedFailure(deps, plan, failure);
  const { outputKey } = summary.processed[summary.processed.length - 1];
  return { taskId: plan.taskId, resultCode: 'Succeeded', resultString: `s3://${deps.config.outputBucket}/${outputKey}` };
}

/** A frame that failed: answered, and, when the failure is for good, recorded failed for its video first. */
async function recordedFailure(deps: HandlerDeps, plan: Extract<TaskPlan, { kind: 'frame' }>, failure: unknown): Promise<BatchTaskResult | undefined> {
  const code = resultCodeOf(failure);
  if (code !== 'PermanentFailure' || !deps.tracking) return failed(deps, plan, failure, code);
  const reason = failure instanceof FrameError ? `${failure.name}: ${failure.reason}` : reasonOf(failure);
  try {
    await deps.tracking.frameFailed(plan.object.key, reason);
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return failed(deps, plan, new FrameTrackingError(`${reason}; recording the failure for its video failed (${why}): S3 redrives it`, plan.object.key), 'TemporaryFailure');
  }
  return failed(deps, plan, failure, code);
}

/** A malformed task is answered PermanentFailure: the same task would be malformed again. */
function failed(deps: HandlerDeps, plan: Exclude<TaskPlan, { kind: 'skip' }>, failure: unknown, resultCode: BatchTaskResult['resultCode']): BatchTaskResult | undefined {
  deps.observer.frameFailed(plan.object, failure);
  if (plan.taskId === undefined) return undefined;
  const resultString = failure instanceof FrameError ? `${failure.name}: ${failure.reason}` : reasonOf(failure);
  return { taskId: plan.taskId, resultCode, resultString };
}
