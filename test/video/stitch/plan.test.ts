// The stitch's pure parts: fills, segments, the plan slices, task payloads, settings, edge map
// names. Tiny literal inputs and edge cases.
import { strict as assert } from 'node:assert';
import { StitchSettingsError, StitchStateError, StitchTaskError } from '../../../src/video/errors';
import { edgeMapIndex } from '../../../src/video/stitch/edge-maps';
import { applyFills, fillCount, fillRuns, listFills } from '../../../src/video/stitch/fills';
import { parseSegmentPlan, planSlices, segmentPlanKey, type StitchPlan } from '../../../src/video/stitch/plan-document';
import { allSegmentsDone, MAX_SEGMENTS, segmentCount, segmentFramesFor, segmentRange } from '../../../src/video/stitch/segments';
import { readStitchSettings } from '../../../src/video/stitch/settings';
import { parseStitchTask, planTaskOfEvent, taskOfPayload } from '../../../src/video/stitch/tasks';

const U = undefined;

describe('stitch: fills', () => {
  it('fills a missing frame with the previous one and a missing start with the first present', () => {
    const names = [U, U, 'c', U, 'e', U, U];
    const runs = fillRuns(names)!;
    assert.deepEqual(runs, [{ from: 0, to: 1, frame: 2 }, { from: 3, to: 3, frame: 2 }, { from: 5, to: 6, frame: 4 }]);
    assert.deepEqual(applyFills(names, runs), ['c', 'c', 'c', 'c', 'e', 'e', 'e']);
    assert.equal(fillCount(runs), 5);
    assert.deepEqual(listFills(runs, 3), [{ index: 0, frame: 2 }, { index: 1, frame: 2 }, { index: 3, frame: 2 }]);
  });

  it('has no runs when every frame is present, and no answer when none is', () => {
    assert.deepEqual(fillRuns(['a', 'b']), []);
    assert.equal(fillRuns([U, U]), undefined);
    assert.equal(fillRuns([]), undefined);
  });
});

describe('stitch: segments', () => {
  it('cuts a video into runs of segmentFrames, the last one shorter', () => {
    assert.equal(segmentCount(9, 4), 3);
    assert.deepEqual([0, 1, 2].map((s) => segmentRange(s, 9, 4)), [{ first: 0, end: 4 }, { first: 4, end: 8 }, { first: 8, end: 9 }]);
    assert.equal(segmentCount(1, 300), 1);
    assert.deepEqual(segmentRange(0, 1, 300), { first: 0, end: 1 });
  });

  it('raises the segment length rather than exceed the segment cap', () => {
    assert.equal(segmentFramesFor(18_000, 300), 300);
    assert.equal(segmentFramesFor(10_000_000, 300), Math.ceil(10_000_000 / MAX_SEGMENTS));
    assert.ok(segmentCount(10_000_000, segmentFramesFor(10_000_000, 300)) <= MAX_SEGMENTS);
  });

  it('knows when every segment is done', () => {
    assert.equal(allSegmentsDone([2, 0, 1], 3), true);
    assert.equal(allSegmentsDone([0, 2, 5], 3), false);
  });
});

describe('stitch: the plan slices', () => {
  const plan: StitchPlan = {
    videoId: 'v/1', totalFrames: 5, frameRate: 29.97, segmentFrames: 2, segments: 3, width: 7, height: 5, qp: 28,
    frames: ['a.0000000.jpg', 'a.0000000.jpg', 'a.0000002.jpg', 'a.0000003.jpg', 'a.0000004.jpg'],
  };

  it('gives each segment its own frames and the shared facts, all named by the hash of the whole', () => {
    const { planId, slices } = planSlices(plan);
    assert.match(planId, /^[0-9a-f]{16}$/);
    assert.equal(planSlices(plan).planId, planId, 'same plan, same id');
    assert.notEqual(planSlices({ ...plan, qp: 30 }).planId, planId, 'another plan, another id');
    const parsed = slices.map((json, segment) => parseSegmentPlan(Buffer.from(json), 'v/1', planId, segment));
    assert.deepEqual(parsed.map((slice) => [slice.firstFrame, slice.frames]), [[0, ['a.0000000.jpg', 'a.0000000.jpg']], [2, ['a.0000002.jpg', 'a.0000003.jpg']], [4, ['a.0000004.jpg']]]);
    assert.deepEqual({ ...parsed[1], frames: [] }, { videoId: 'v/1', segment: 1, segments: 3, totalFrames: 5, firstFrame: 2, frameRate: 29.97, width: 7, height: 5, qp: 28, frames: [] });
    assert.equal(segmentPlanKey('v/1', planId, 2), `v/1/.stitch/plan-${planId}/segment-00002.json`);
  });

  it("refuses another video's or segment's slice, and a slice without frames", () => {
    const { planId, slices } = planSlices(plan);
    assert.throws(() => parseSegmentPlan(Buffer.from(slices[0]), 'v/2', planId, 0), (error: unknown) => error instanceof StitchStateError && /of video "v\/1"/.test(error.reason));
    assert.throws(() => parseSegmentPlan(Buffer.from(slices[0]), 'v/1', planId, 1), /describes segment 0/);
    const empty = JSON.stringify({ ...JSON.parse(slices[2]), frames: [] });
    assert.throws(() => parseSegmentPlan(Buffer.from(empty), 'v/1', planId, 2), /frames is not a list of edge map names/);
    assert.throws(() => parseSegmentPlan(Buffer.from('{'), 'v/1', planId, 2), /not JSON/);
  });
});

describe('stitch: task payloads and events', () => {
  it('accepts the three task shapes', () => {
    assert.deepEqual(parseStitchTask({ kind: 'plan', videoId: 'v' }), { kind: 'plan', videoId: 'v' });
    assert.deepEqual(parseStitchTask({ kind: 'segment', videoId: 'v', planId: '0123456789abcdef', segment: 3, extra: 1 }), { kind: 'segment', videoId: 'v', planId: '0123456789abcdef', segment: 3 });
    assert.deepEqual(parseStitchTask({ kind: 'join', videoId: 'v', planId: '0123456789abcdef' }), { kind: 'join', videoId: 'v', planId: '0123456789abcdef' });
  });

  for (const [payload, reason] of [
    [null, /not a JSON object/], [{ kind: 'plan' }, /videoId/], [{ kind: 'join', videoId: 'v', planId: 'XYZ' }, /planId/],
    [{ kind: 'segment', videoId: 'v', planId: '0123456789abcdef', segment: -1 }, /segment -1/], [{ kind: 'mux', videoId: 'v', planId: '0123456789abcdef' }, /kind "mux"/],
  ] as const) {
    it(`refuses ${JSON.stringify(payload)}`, () => {
      assert.throws(() => parseStitchTask(payload), (error: unknown) => error instanceof StitchTaskError && reason.test(error.message));
    });
  }

  it('takes either an event or a task payload, as one handler receives them', () => {
    assert.deepEqual(taskOfPayload({ 'detail-type': 'Video Frames Processed', detail: { videoId: 'v' } }), { kind: 'plan', videoId: 'v' });
    assert.deepEqual(taskOfPayload({ kind: 'join', videoId: 'v', planId: '0123456789abcdef' }), { kind: 'join', videoId: 'v', planId: '0123456789abcdef' });
    assert.throws(() => taskOfPayload({ 'detail-type': 'Object Created', detail: {} }), StitchTaskError);
  });

  it('plans on a Video Frames Processed event only', () => {
    assert.deepEqual(planTaskOfEvent({ 'detail-type': 'Video Frames Processed', source: 'frame-processor', detail: { videoId: 'cams/1' } }), { kind: 'plan', videoId: 'cams/1' });
    assert.throws(() => planTaskOfEvent({ 'detail-type': 'Edge Video Created', detail: { videoId: 'v' } }), StitchTaskError);
    assert.throws(() => planTaskOfEvent({ 'detail-type': 'Video Frames Processed', detail: {} }), /detail.videoId/);
  });
});

describe('stitch: settings and names', () => {
  it('reads STITCH_SEGMENT_FRAMES and STITCH_QP, defaults when unset or empty', () => {
    assert.deepEqual(readStitchSettings({}), { segmentFrames: 300, qp: 28 });
    assert.deepEqual(readStitchSettings({ STITCH_SEGMENT_FRAMES: '4', STITCH_QP: '' }), { segmentFrames: 4, qp: 28 });
  });

  for (const [name, value] of [['STITCH_SEGMENT_FRAMES', '0'], ['STITCH_SEGMENT_FRAMES', '2.5'], ['STITCH_QP', '52'], ['STITCH_QP', '0x10']]) {
    it(`refuses ${name}=${value}, naming the variable`, () => {
      assert.throws(() => readStitchSettings({ [name]: value }), (error: unknown) => error instanceof StitchSettingsError && error.variable === name);
    });
  }

  it('reads the frame index of JPEG and PNG edge map names', () => {
    assert.equal(edgeMapIndex('clip.0000123.jpg'), 123);
    assert.equal(edgeMapIndex('clip.0000123.PNG'), 123);
    assert.equal(edgeMapIndex('clip.0000123.jpeg'), 123);
    assert.equal(edgeMapIndex('video.json'), undefined);
    assert.equal(edgeMapIndex('edges.mp4'), undefined);
    assert.equal(edgeMapIndex('capture.json'), undefined);
    assert.equal(edgeMapIndex('poster1.jpg'), undefined);
    assert.equal(edgeMapIndex('clip.0000123.JPG.png'), 123);
  });
});
