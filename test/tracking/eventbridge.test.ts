// The AWS event publisher's requests, seen by a loopback HTTP server that answers PutEvents as
// EventBridge documents it. There is no local EventBridge; this server stands in for one only to
// show what is sent and to produce the one fault that matters: an entry refused inside a 200 answer.
import { strict as assert } from 'node:assert';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PublishError } from '../../src/tracking/errors';
import { EventBridgePublisher } from '../../src/tracking/events';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface Seen {
  headers: IncomingHttpHeaders;
  body: { Entries: Record<string, string>[] };
}

describe('tracking: EventBridge publisher', () => {
  let server: Server;
  let client: EventBridgeClient;
  const seen: Seen[] = [];
  let answer: object = { FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] };

  before(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        response.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new EventBridgeClient({ region: 'eu-west-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });
  after(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('puts one entry on the default bus: source, detail-type, the detail as JSON', async () => {
    const detail = { videoId: 'v', status: 'complete', totalFrames: 3 };
    await new EventBridgePublisher(client).publish({ source: 'frame-processor', detailType: 'Video Frames Processed', detail });
    const [request] = seen;
    assert.equal(request.headers['x-amz-target'], 'AWSEvents.PutEvents');
    assert.deepEqual(request.body.Entries, [
      { Source: 'frame-processor', DetailType: 'Video Frames Processed', Detail: JSON.stringify(detail), EventBusName: 'default' },
    ]);
  });

  it('an entry refused inside a 200 answer is a PublishError (so the outbox keeps the video)', async () => {
    answer = { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] };
    await assert.rejects(
      new EventBridgePublisher(client).publish({ source: 'frame-processor', detailType: 'Video Frames Processed', detail: {} }),
      (error: unknown) => error instanceof PublishError && error.source === 'event bus default' && /InternalFailure try again/.test(error.reason),
    );
  });
});
