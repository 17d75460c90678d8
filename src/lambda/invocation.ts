// The S3 event handler's logic: every record attempted, one at a time (they share the one
// WebAssembly kernel), failures collected and rethrown together so Lambda retries the event and
// then sends it to the on-failure destination. Nothing is swallowed.
import type { Context, S3Event } from 'aws-lambda';
import { DeadlineError, FrameError, FramesFailedError, type FrameFailure } from '../core/errors';
import type { FrameObserver } from './observability';
import { eventRecords, planRecord, type ObjectRef } from './s3-event';
import { processObject, type FrameDeadline, type ObjectDeps } from './process-object';

export interface HandlerDeps extends ObjectDeps {
  observer: FrameObserver;
  /** A frame is not fetched with less time left than this; once fetched, its estimated compute must fit in the time left (core/frame-cost.ts). */
  minRemainingMs?: number;
  /** S3 transfers still running with this much time left are abandoned, so the invocation fails by itself (logs and metrics flushed) instead of being killed. */
  abandonReserveMs?: number;
}

export interface InvocationSummary {
  processed: Array<{ bucket: string; key: string; outputKey: string }>;
  skipped: number;
}

/** Default time kept in hand at the end: enough to report the failures and publish the metrics. */
export const ABANDON_RESERVE_MS = 2_000;

/**
 * Default time needed to fetch a frame at all: the reserve above and a second. Whether the frame is
 * then processed depends on its own estimate (pixels, blur taps, decoder), made from its header.
 */
export const MIN_REMAINING_MS = ABANDON_RESERVE_MS + 1_000;

export type FrameHandler = (event: S3Event, context?: Context) => Promise<InvocationSummary>;

export function createFrameHandler(deps: HandlerDeps): FrameHandler {
  const minRemainingMs = deps.minRemainingMs ?? MIN_REMAINING_MS;
  const abandonReserveMs = deps.abandonReserveMs ?? ABANDON_RESERVE_MS;
  return async (event, context) => {
    deps.observer.invocationStarted(context);
    const summary: InvocationSummary = { processed: [], skipped: 0 };
    const failures: FrameFailure[] = [];
    const clock = invocationDeadline(context, abandonReserveMs);
    const { records, problem } = eventRecords(event);
    let attempted = 0;
    if (problem) {
      attempted++;
      failures.push({ bucket: '', key: '', reason: problem });
    }
    try {
      for (const [index, record] of records.entries()) {
        const plan = planRecord(record);
        if (plan.kind === 'skip') {
          summary.skipped++;
          deps.observer.frameSkipped(plan.object, plan.reason);
          continue;
        }
        attempted++;
        const object: ObjectRef = plan.kind === 'invalid' ? { bucket: plan.bucket, key: plan.rawKey } : plan.object;
        const failure =
          plan.kind === 'invalid'
            ? new FrameError(`record ${index + 1} of ${records.length}: ${plan.reason}`, plan.rawKey)
            : await attempt(deps, { object, context, minRemainingMs, deadline: clock.deadline }, summary);
        if (failure) {
          failures.push({ bucket: object.bucket, key: object.key, reason: reasonOf(failure) });
          deps.observer.frameFailed(object, failure);
        }
      }
    } finally {
      clock.dispose();
      deps.observer.invocationFinished();
    }
    if (failures.length > 0) throw new FramesFailedError(failures, attempted);
    return summary;
  };
}

export interface Attempt {
  object: ObjectRef;
  context: Context | undefined;
  minRemainingMs: number;
  deadline: FrameDeadline | undefined;
}

/**
 * Processes one frame; returns its error instead of throwing, so the next record still runs. The
 * one per-object path: S3 events and S3 Batch Operations tasks both come through here.
 */
export async function attempt(deps: HandlerDeps, { object, context, minRemainingMs, deadline }: Attempt, summary: InvocationSummary): Promise<unknown> {
  const remaining = context?.getRemainingTimeInMillis();
  if (remaining !== undefined && remaining < minRemainingMs) {
    return new DeadlineError(`not started: only ${remaining} ms of the invocation left (at least ${minRemainingMs} ms needed); the retry will process it`, object.key);
  }
  try {
    const frame = await processObject(deps, object, deadline);
    summary.processed.push({ bucket: object.bucket, key: object.key, outputKey: frame.outputKey });
    deps.observer.frameProcessed(frame);
    return undefined;
  } catch (error) {
    return error;
  }
}

/**
 * Aborts when the invocation has `reserveMs` left, and says how long until then (never without a
 * context: no Lambda timeout). A plain timer, cleared when the invocation ends, so nothing outlives it.
 */
export function invocationDeadline(context: Context | undefined, reserveMs: number): { deadline: FrameDeadline | undefined; dispose(): void } {
  if (!context) return { deadline: undefined, dispose: () => undefined };
  const controller = new AbortController();
  const timeLeftMs = () => context.getRemainingTimeInMillis() - reserveMs;
  const invocationMs = timeLeftMs();
  const timer = setTimeout(
    () => controller.abort(new Error(`the invocation had only ${reserveMs} ms left before its timeout; the retry will process it`)),
    Math.max(0, invocationMs),
  );
  return { deadline: { signal: controller.signal, timeLeftMs, invocationMs }, dispose: () => clearTimeout(timer) };
}

export function reasonOf(error: unknown): string {
  if (error instanceof FrameError) return error.reason;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
