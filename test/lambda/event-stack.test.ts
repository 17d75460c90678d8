// Every event a deployed function publishes names its stack (STACK_NAME, set by serverless.yml), so
// each stage's EventBridge rules, on the default bus every stage shares, take only its own events.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrackingConfig } from '../../src/lambda/tracking-config';
import { createEventPublisher } from '../../src/lambda/tracking-setup';

describe('published events name their stack', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frame-processor-event-stack-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function publishedWith(env: Record<string, string>): Promise<Record<string, unknown>> {
    const eventsFile = join(dir, `${Object.keys(env).length}.jsonl`);
    const config = readTrackingConfig({ TRACKING_TABLE: 'frame-tracking', TRACKING_EVENTS_FILE: eventsFile, ...env })!;
    await createEventPublisher(config).publish({ source: 'frame-processor', detailType: 'Video Frames Processed', detail: { videoId: 'clip-7', status: 'complete' } });
    return JSON.parse(await readFile(eventsFile, 'utf8')).detail;
  }

  it('adds detail.stack from STACK_NAME, after the detail it was given', async () => {
    assert.deepEqual(await publishedWith({ STACK_NAME: 'frame-processor-prod' }), { videoId: 'clip-7', status: 'complete', stack: 'frame-processor-prod' });
  });

  it('leaves the detail as it is without STACK_NAME (the local stack)', async () => {
    assert.deepEqual(await publishedWith({}), { videoId: 'clip-7', status: 'complete' });
  });
});
