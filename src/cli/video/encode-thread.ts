// An encoding thread of `frame-processor video`: takes one part at a time (its edge maps, fills
// applied), encodes it with the stitch's own segment code, writes the part's H.264 samples to its
// file in the spool and, with --dump-yuv, each reconstructed picture at its place in the dump.
// Replies with the part's segment index (the join's input), or the reason the video cannot be made.
import { closeSync, openSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { toFrameRate } from '../../video/mp4/timing';
import { describeSegment } from '../../video/segment-format';
import { encodeSegmentFrames } from '../../video/stitch/segment-encode';
import type { EncodeReply, EncodeSetup, PartOutcome, PartRequest } from './encoder-pool';

const setup = workerData as EncodeSetup;
const reply = (message: EncodeReply) => parentPort?.postMessage(message);
const dump = setup.dumpPath === undefined ? undefined : openSync(setup.dumpPath, 'r+');
/** Decoders output the coded picture, whose size is the edge maps' rounded up to even numbers (4:2:0 crops in pairs). */
const pictureBytes = (setup.width + (setup.width & 1)) * (setup.height + (setup.height & 1));

parentPort?.on('message', async (request: PartRequest) => {
  let outcome: PartOutcome;
  try {
    outcome = await encodePart(request);
  } catch (error) {
    outcome = { ok: false, reason: `part ${request.part} (frames ${request.first}..${request.first + request.names.length - 1}) failed: ${(error as Error).message}` };
  }
  reply({ kind: 'part', outcome });
});
process.on('exit', () => dump !== undefined && closeSync(dump));
reply({ kind: 'ready' });

async function encodePart(request: PartRequest): Promise<PartOutcome> {
  const { width, height, qp, frameRate } = setup;
  const encoded = await encodeSegmentFrames({
    first: request.first, names: request.names, width, height, qp, frameRate,
    fetch: async (name) => request.maps[name],
    describe: (name) => request.labels[name] ?? name,
    picture: (index, reconstruction) => {
      if (dump !== undefined) writeSync(dump, reconstruction(), 0, pictureBytes, index * pictureBytes);
      reply({ kind: 'frame' });
    },
  });
  if (!encoded.ok) return encoded;
  const segment = describeSegment({
    videoId: 'video', segment: request.part, firstFrame: request.first, frameRate: toFrameRate(frameRate),
    parameterSets: encoded.parameterSets, samples: encoded.samples,
  });
  await writeFile(request.dataPath, segment.data);
  return { ok: true, index: segment.index };
}
