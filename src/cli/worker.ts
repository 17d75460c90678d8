// Worker thread of the CLI: says it is ready, then processes the frames the main thread posts, one
// at a time: file to file, or bytes to an edge map (when the main thread does the S3 transfers).
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './frame-worker';
import { computeFrame, runJob, type JobSettings } from './job';

const settings = workerData as JobSettings;
const reply = (message: WorkerReply) => parentPort?.postMessage(message);
parentPort?.on('message', async (request: WorkerRequest) => {
  const outcome = request.kind === 'file' ? await runJob(request.job, settings, request.temporary) : computeFrame(request.bytes, settings, request.source);
  reply({ kind: 'outcome', outcome });
});
reply({ kind: 'ready' });
