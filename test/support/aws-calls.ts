// Every AWS request a function makes, recorded by an AWS SDK middleware: while recording is on,
// each SDK client (every client class extends the one smithy Client) gets, on its first send, a middleware
// at the initialize step that notes the service, the command, its input and the function the call
// was made for. Which function that is comes from an AsyncLocalStorage the harness sets around
// each invocation (test/support/stack-world.ts), so calls made in later promises of the same
// invocation are still its own. What the Lambda service itself does with a function's role
// (writing its logs, delivering a failed event to its destination, reading a stream) is noted
// with `serviceCall`, each naming the AWS documentation that says the role is used for it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { S3Client } from '@aws-sdk/client-s3';

/** The base class of every SDK v3 client (S3Client's parent): its send is where each request starts. */
const Client = Object.getPrototypeOf(S3Client.prototype).constructor as { prototype: { send: (...args: any[]) => any } };

export interface SdkCall {
  kind: 'sdk';
  /** The function (logical id in the template) the call was made for. */
  fn: string;
  /** The client's service id: S3, DynamoDB, EventBridge, Lambda... */
  service: string;
  /** The command's name without "Command": GetObject, UpdateItem... */
  command: string;
  input: Record<string, any>;
}

/** An action the Lambda service (or S3, on the caller's behalf) performs with the function's role. */
export interface ServiceCall {
  kind: 'service';
  fn: string;
  action: string;
  resource: string;
  why: string;
}

export type RecordedCall = SdkCall | ServiceCall;

const current = new AsyncLocalStorage<string>();
const calls: RecordedCall[] = [];
const MIDDLEWARE = 'frameProcessorCallRecorder';
const withRecorder = new WeakSet<object>();
let installed: ((...args: any[]) => any) | undefined;

/** Starts recording (idempotent): from now on every SDK client's sends go through the recorder. */
export function startRecording(): void {
  if (installed) return;
  const send = Client.prototype.send;
  installed = send;
  Client.prototype.send = function (this: SdkClient, ...args: any[]) {
    if (!withRecorder.has(this)) {
      withRecorder.add(this);
      const service = String(this.config.serviceId ?? this.constructor.name.replace(/Client$/, ''));
      this.middlewareStack.add(
        (next, context) => async (handlerArgs) => {
          const fn = current.getStore();
          const command = String(context.commandName ?? '').replace(/Command$/, '');
          if (fn !== undefined) calls.push({ kind: 'sdk', fn, service, command, input: handlerArgs.input as Record<string, any> });
          return next(handlerArgs);
        },
        { step: 'initialize', name: MIDDLEWARE, priority: 'high' },
      );
    }
    return send.apply(this, args);
  };
}

type SdkClient = Pick<S3Client, 'middlewareStack'> & { config: { serviceId?: string }; constructor: { name: string } };

/** Stops recording: sends go straight to the SDK again (clients that have the middleware keep it, idle). */
export function stopRecording(): void {
  if (installed) Client.prototype.send = installed;
  installed = undefined;
}

/** Runs `work` as an invocation of `fn`: the SDK calls it makes, however deep, are fn's. */
export function asFunction<T>(fn: string, work: () => Promise<T>): Promise<T> {
  return current.run(fn, work);
}

export function serviceCall(call: Omit<ServiceCall, 'kind'>): void {
  calls.push({ kind: 'service', ...call });
}

/** The calls recorded so far (a copy). */
export function recordedCalls(): RecordedCall[] {
  return [...calls];
}
