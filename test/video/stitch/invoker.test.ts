// The AWS side of the Invoker: an asynchronous Invoke (InvocationType Event) of the function for
// the task's kind, the task as its JSON payload; anything but Lambda's 202 is an error. There is
// no local Lambda server, so the client here records the command and answers as Lambda would.
import { strict as assert } from 'node:assert';
import type { InvokeCommand } from '@aws-sdk/client-lambda';
import { StitchInvokeError } from '../../../src/video/errors';
import { LambdaInvoker } from '../../../src/video/stitch/invoker';
import { parseStitchTask, type StitchTask } from '../../../src/video/stitch/tasks';

function client(statusCode: number) {
  const sent: InvokeCommand['input'][] = [];
  return { sent, send: async (command: InvokeCommand) => (sent.push(command.input), { StatusCode: statusCode, $metadata: {} }) };
}

describe('stitch: invoking the next step on Lambda', () => {
  const functions = { plan: 'stitch-plan', segment: 'stitch-worker', join: 'stitch-worker' };

  it('sends each task asynchronously to its function, the payload a task again', async () => {
    const lambda = client(202);
    const tasks: StitchTask[] = [
      { kind: 'plan', videoId: 'v' }, { kind: 'segment', videoId: 'v', planId: '0123456789abcdef', segment: 4 }, { kind: 'join', videoId: 'v', planId: '0123456789abcdef' },
    ];
    for (const task of tasks) await new LambdaInvoker(lambda as never, functions).invoke(task);
    assert.deepEqual(lambda.sent.map((input) => [input.FunctionName, input.InvocationType]), [['stitch-plan', 'Event'], ['stitch-worker', 'Event'], ['stitch-worker', 'Event']]);
    assert.deepEqual(lambda.sent.map((input) => parseStitchTask(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)))), tasks);
  });

  it('fails when Lambda did not accept the invocation', async () => {
    await assert.rejects(new LambdaInvoker(client(200) as never, functions).invoke({ kind: 'plan', videoId: 'v' }), (error: unknown) => error instanceof StitchInvokeError && /answered 200/.test(error.reason));
  });
});
