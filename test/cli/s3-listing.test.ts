// The S3 side of a CLI run, in-process against a real local S3 server: the listing is streamed
// (a page is fetched only when the one before it is being handed out, never the whole prefix
// first), and each listed key becomes a job with its output, or a refusal naming why.
import assert from 'node:assert/strict';
import { S3Client } from '@aws-sdk/client-s3';
import { parseCliArgs } from '../../src/cli/args';
import { listObjects } from '../../src/cli/s3-listing';
import { transferJobs } from '../../src/cli/transfer-jobs';
import { planTransfers } from '../../src/cli/transfer-plan';
import { S3RVER_CREDENTIALS } from '../../src/local/s3-server';
import { makeJpeg } from '../support/jpegs';
import { startTestS3, TEST_REGION, type TestS3 } from '../support/s3-server';

const RAW = 'raw-frames';

/** A client that counts the ListObjects requests it sends. */
function countingClient(s3: TestS3): { client: S3Client; lists: () => number } {
  let lists = 0;
  const client = new S3Client({ region: TEST_REGION, endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'ListObjectsCommand') lists++;
      return next(args);
    },
    { step: 'initialize' },
  );
  return { client, lists: () => lists };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('CLI on S3: listing and jobs', function () {
  let s3: TestS3;
  before(async () => {
    s3 = await startTestS3([RAW]);
    for (const key of ['v/1.jpg', 'v/2.jpg', 'v/3.txt', 'v/4.JPG', 'v/5.jpg', 'v/a/a/6.jpg', 'v/edges/7.jpg']) await s3.put(RAW, key, makeJpeg(4, 4, 1));
  });
  after(() => s3?.close());

  it('fetches each page only when the one before it is handed out: at most two pages held', async () => {
    const { client, lists } = countingClient(s3);
    const listing = listObjects(client, { bucket: RAW, prefix: 'v/' }, 2);

    const first = await listing.next();
    const afterFirst = lists();
    await listing.next();
    const third = await listing.next();
    const afterThird = lists();
    const rest = await collect(listing);

    assert.deepEqual([first.value?.key, third.value?.key], ['v/1.jpg', 'v/3.txt']);
    assert.equal(afterFirst, 2, 'the first page, and the second fetched ahead');
    assert.equal(afterThird, 3);
    assert.equal(rest.length, 4);
    assert.equal(lists(), 4, 'seven keys in pages of two');
    assert.ok(rest.every((object) => /^"[0-9a-f]{32}"$/.test(object.eTag)));
  });

  it('maps each frame to its output (PNG names too), leaves out the .txt and the outputs under the input, refuses one landing among the frames', async () => {
    const options = parseCliArgs([`s3://${RAW}/v`, '--out', `s3://${RAW}/v/edges`, '--format', 'png'])!;
    const inside = parseCliArgs([`s3://${RAW}/v/a`, '--out', `s3://${RAW}/v`])!;

    const jobs = await collect(transferJobs(await planTransfers(options), s3.client));
    const [nested] = await collect(transferJobs(await planTransfers(inside), s3.client));

    assert.deepEqual(
      jobs.map((job) => [job.input, job.output, job.refusal]),
      [
        [`s3://${RAW}/v/1.jpg`, `s3://${RAW}/v/edges/1.png`, undefined],
        [`s3://${RAW}/v/2.jpg`, `s3://${RAW}/v/edges/2.png`, undefined],
        [`s3://${RAW}/v/4.JPG`, `s3://${RAW}/v/edges/4.JPG.png`, undefined],
        [`s3://${RAW}/v/5.jpg`, `s3://${RAW}/v/edges/5.png`, undefined],
        [`s3://${RAW}/v/a/a/6.jpg`, `s3://${RAW}/v/edges/a/a/6.png`, undefined],
      ],
    );
    assert.equal(nested.refusal, `the output of s3://${RAW}/v/a/a/6.jpg would land among the frames of the input s3://${RAW}/v/a: s3://${RAW}/v/a/6.jpg`);
  });
});
