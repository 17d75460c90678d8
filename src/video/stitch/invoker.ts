// How a stitch step starts the next ones: one small interface, so the orchestration is the same
// code on AWS (Lambda asynchronous invocation) and in tests (an in-process queue that behaves
// like it: at least once, retried, sometimes twice, in any order).
//
// Why Lambda async invocations: each segment is one short, CPU-bound job with a few hundred
// bytes of input; async invocation queues it durably, retries it twice, and scales to the
// account's concurrency with no other service. Ordering and exactly-once are not needed from
// the engine: every step is idempotent and the one-way points are conditional writes on the
// video item, with the outbox and the sweeper for anything a lost invocation leaves behind.
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { StitchInvokeError } from '../errors';
import type { StitchTask } from './tasks';

export interface Invoker {
  /** Queues `task` (returns once it is accepted, not once it ran). */
  invoke(task: StitchTask): Promise<void>;
}

export interface LambdaFunctions {
  /** The function that plans (the sweeper re-drives a plan through it). */
  plan: string;
  /** The function that encodes segments and joins (one function: same memory and code). */
  segment: string;
  join: string;
}

/** Invokes the stitch functions with InvocationType Event (asynchronous, 2 retries by Lambda). */
export class LambdaInvoker implements Invoker {
  constructor(
    private readonly client: Pick<LambdaClient, 'send'>,
    private readonly functions: LambdaFunctions,
  ) {}

  async invoke(task: StitchTask): Promise<void> {
    const out = await this.client.send(
      new InvokeCommand({ FunctionName: this.functions[task.kind], InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(task)) }),
    );
    // An accepted asynchronous invocation answers 202; anything else did not queue the task.
    if (out.StatusCode !== 202) throw new StitchInvokeError(`Lambda answered ${out.StatusCode ?? 'no status'} to an asynchronous invocation`, this.functions[task.kind]);
  }
}
