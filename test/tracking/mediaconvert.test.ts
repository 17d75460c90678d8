import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MediaConvertEventError } from '../../src/tracking/errors';
import { parseMediaConvertEvent } from '../../src/tracking/mediaconvert';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'tracking', name), 'utf8'));

/** A copy of `event` with `edit` applied to its detail. */
function withDetail(event: Record<string, unknown>, edit: (detail: Record<string, unknown>) => void): Record<string, unknown> {
  const copy = structuredClone(event);
  edit(copy.detail as Record<string, unknown>);
  return copy;
}

describe('tracking: parseMediaConvertEvent', () => {
  it('a COMPLETE file group with an MP4 and a frame capture: the capture folder, its last index', () => {
    assert.deepEqual(parseMediaConvertEvent(fixture('mediaconvert-complete.json')), {
      status: 'complete',
      jobId: '1762078512345-q8x2ab',
      outputs: [{ bucket: 'frames-in', videoId: 'videos/harbour-cam', name: 'harbour', lastIndex: 359 }],
      frameRate: 30,
    });
  });

  it('two capture folders, an HLS group, .JPG/.jpeg, userMetadata.frameRate', () => {
    assert.deepEqual(parseMediaConvertEvent(fixture('mediaconvert-two-groups.json')), {
      status: 'complete',
      jobId: '1762081100000-zz91kk',
      outputs: [
        { bucket: 'frames-in', videoId: 'dock/north', name: 'still', lastIndex: 99 },
        { bucket: 'frames-in', videoId: 'dock/south', name: 'still', lastIndex: 49 },
      ],
      frameRate: 25,
    });
  });

  it('another status is ignored, not an error', () => {
    assert.deepEqual(parseMediaConvertEvent(fixture('mediaconvert-error.json')), {
      status: 'ignored',
      jobId: '1762084800000-err001',
      reason: 'status ERROR, not COMPLETE',
    });
  });

  const complete = fixture('mediaconvert-complete.json');
  const bad: [string, unknown, RegExp][] = [
    ['null', null, /event is not an object/],
    ['another source', { ...complete, source: 'aws.s3' }, /not a "MediaConvert Job State Change" event/],
    ['another detail-type', { ...complete, 'detail-type': 'MediaConvert Job State Changed' }, /not a "MediaConvert/],
    ['no detail', { ...complete, detail: undefined }, /detail is not an object/],
    ['no jobId', withDetail(complete, (d) => delete d.jobId), /no detail\.jobId/],
    ['no outputGroupDetails', withDetail(complete, (d) => delete d.outputGroupDetails), /outputGroupDetails is not an array/],
    ['only the MP4', withDetail(complete, (d) => ((d.outputGroupDetails as { outputDetails: unknown[] }[])[0].outputDetails.length = 1)), /no frame capture output/],
    ['a path that is not s3://', withDetail(complete, (d) => ((d.outputGroupDetails as { outputDetails: { outputFilePaths: string[] }[] }[])[0].outputDetails[1].outputFilePaths = ['https://x/y.0000001.jpg'])), /is not s3:\/\/bucket\/key/],
    ['a capture image with no index', withDetail(complete, (d) => ((d.outputGroupDetails as { outputDetails: { outputFilePaths: string[] }[] }[])[0].outputDetails[1].outputFilePaths = ['s3://b/v/still.jpg'])), /not a frame name/],
    ['a capture image at the bucket root', withDetail(complete, (d) => ((d.outputGroupDetails as { outputDetails: { outputFilePaths: string[] }[] }[])[0].outputDetails[1].outputFilePaths = ['s3://b/still.0000001.jpg'])), /no folder/],
    ['frameRate metadata not a number', withDetail(complete, (d) => (d.userMetadata = { frameRate: 'fast' })), /userMetadata\.frameRate NaN/],
    ['frameRate metadata of 0', withDetail(complete, (d) => (d.userMetadata = { frameRate: '0' })), /userMetadata\.frameRate 0 is not in/],
  ];
  for (const [what, event, reason] of bad) {
    it(`refuses ${what} with a MediaConvertEventError (${reason.source})`, () => {
      assert.throws(() => parseMediaConvertEvent(event), (error: unknown) => error instanceof MediaConvertEventError && reason.test(error.message));
    });
  }

  it('the error names the job', () => {
    const event = withDetail(complete, (d) => delete d.outputGroupDetails);
    assert.throws(() => parseMediaConvertEvent(event), (error: unknown) => error instanceof MediaConvertEventError && error.source === 'MediaConvert job 1762078512345-q8x2ab');
  });
});
