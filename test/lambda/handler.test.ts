// The Lambda entry point as deployed (serverless.yml: src/lambda/handler.handler): settings read
// from the environment once, at load, and S3 reached through AWS_ENDPOINT_URL_S3.
import assert from 'node:assert/strict';
import { S3RVER_CREDENTIALS } from '../../src/local/s3-server';
import { recordFor } from '../support/events';
import { makeJpeg } from '../support/jpegs';
import { startTestS3, TEST_REGION, type TestS3 } from '../support/s3-server';

const RAW = 'raw-frames';

describe('the deployed entry point (src/lambda/handler.ts)', () => {
  let s3: TestS3;

  before(async () => {
    s3 = await startTestS3([RAW, 'other-output']);
  });
  after(async () => {
    await s3?.close();
  });

  const saved: Record<string, string | undefined> = {};
  const env = (endpoint: string) => ({
    OUTPUT_BUCKET: 'other-output',
    AWS_ENDPOINT_URL_S3: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  before(() => {
    for (const [name, value] of Object.entries(env(s3.endpoint))) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('reads its settings from the environment and reaches S3 through AWS_ENDPOINT_URL_S3', async () => {
    await s3.put(RAW, 'entry/frame one.jpg', makeJpeg(24, 16, 4));
    // Loaded here, after the environment is set: the module reads it once, as at a cold start.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require('../../src/lambda/handler') as typeof import('../../src/lambda/handler');

    const summary = await handler({ Records: [recordFor(RAW, 'entry/frame+one.jpg')] });

    assert.deepEqual(summary.processed, [{ bucket: RAW, key: 'entry/frame one.jpg', outputKey: 'entry/frame one.jpg' }]);
    assert.ok(await s3.exists('other-output', 'entry/frame one.jpg'));
  });
});
