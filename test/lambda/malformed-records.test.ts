// Events are input from outside: a record that is malformed in any way is listed in the
// invocation's error with what is wrong, and never stops the records after it (real local S3).
import assert from 'node:assert/strict';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { planRecord } from '../../src/lambda/s3-event';
import { failure, recordFor } from '../support/events';
import { OUT, RAW, useHandlerRig } from '../support/handler-rig';
import { makeJpeg } from '../support/jpegs';

/** A good record for `key` with `change` applied to a deep copy of it. */
function recordWith(key: string, change: (record: Record<string, any>) => void): unknown {
  const record = structuredClone(recordFor(RAW, key)) as Record<string, any>;
  change(record);
  return record;
}

/** Each malformed record and the reason it must be listed with. */
const MALFORMED: Array<[string, unknown, RegExp]> = [
  ['no s3', recordWith('m/1.jpg', (r) => delete r.s3), /s3\.bucket\.name is missing, not a bucket name$/],
  ['no s3.object', recordWith('m/2.jpg', (r) => delete r.s3.object), /s3\.object\.key is missing, not a key$/],
  ['no bucket', recordWith('m/3.jpg', (r) => delete r.s3.bucket), /s3\.bucket\.name is missing/],
  ['a key that is a number', recordWith('m/4.jpg', (r) => (r.s3.object.key = 4)), /s3\.object\.key is 4, not a key$/],
  ['an empty key', recordWith('m/5.jpg', (r) => (r.s3.object.key = '')), /s3\.object\.key is "", not a key$/],
  ['a size that is a string', recordWith('m/6.jpg', (r) => (r.s3.object.size = '12')), /s3\.object\.size is "12", not a number of bytes$/],
  ['a negative size', recordWith('m/7.jpg', (r) => (r.s3.object.size = -1)), /s3\.object\.size is -1/],
  ['no eventName', recordWith('m/8.jpg', (r) => delete r.eventName), /eventName is missing, not a string$/],
  ['an eventName that is a number', recordWith('m/9.jpg', (r) => (r.eventName = 7)), /eventName is 7, not a string$/],
  ['bad percent-encoding', recordFor(RAW, 'm/bad%E0%A4%A.jpg'), /the event's key "m\/bad%E0%A4%A\.jpg" is not valid URL encoding$/],
  ['null', null, /the record is null, not an object$/],
  ['a string', 'Records', /the record is "Records", not an object$/],
];

describe('handler: malformed records', function () {
  const rig = useHandlerRig();
  const setUp = () => rig.handlerWith();

  it('processes every good record around malformed ones and lists each malformed one with its reason', async () => {
    await rig.s3.put(RAW, 'good/first.jpg', makeJpeg(12, 10, 1));
    await rig.s3.put(RAW, 'good/last.jpg', makeJpeg(12, 10, 2));
    const records = [recordFor(RAW, 'good/first.jpg'), ...MALFORMED.map(([, record]) => record), recordFor(RAW, 'good/last.jpg')];
    const { handler, observer } = setUp();

    const error = await failure(handler({ Records: records } as S3Event));

    assert.deepEqual(observer.processedKeys, ['good/first.jpg', 'good/last.jpg']);
    assert.ok(await rig.s3.exists(OUT, 'good/last.jpg'));
    assert.equal(error.failures.length, MALFORMED.length);
    for (const [i, [what, , reason]] of MALFORMED.entries()) {
      assert.match(error.failures[i].reason, reason, what);
      assert.ok(error.failures[i].reason.startsWith(`record ${i + 2} of ${records.length}: `), error.failures[i].reason);
    }
    assert.match(error.message, new RegExp(`^${MALFORMED.length} of ${MALFORMED.length + 2} frames failed:\n`));
    assert.equal(observer.failed.length, MALFORMED.length);
  });

  it('attempts a record without s3.object.size (GetObject says how long it is)', async () => {
    await rig.s3.put(RAW, 'sizeless/frame.jpg', makeJpeg(12, 10, 3));
    const { handler } = setUp();

    const summary = await handler({ Records: [recordWith('sizeless/frame.jpg', (r) => delete r.s3.object.size) as S3EventRecord] });

    assert.deepEqual(summary.processed.map((frame) => frame.outputKey), ['sizeless/frame.jpg']);
  });

  it('fails an event whose Records is not a list, instead of taking it for a test event', async () => {
    const { handler } = setUp();

    const error = await failure(handler({ Records: { 0: recordFor(RAW, 'x.jpg') } } as unknown as S3Event));

    assert.deepEqual(error.failures, [{ bucket: '', key: '', reason: "the event's Records is an object, not a list" }]);
  });

  it('skips a malformed record of an event other than ObjectCreated, as it would a well-formed one', () => {
    const removed = recordWith('gone.jpg', (r) => {
      r.eventName = 'ObjectRemoved:Delete';
      delete r.s3.object;
    });

    assert.deepEqual(planRecord(removed), { kind: 'skip', object: undefined, reason: 'event ObjectRemoved:Delete is not an ObjectCreated event' });
  });
});
