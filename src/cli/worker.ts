// Worker thread of the CLI: says it is ready, then processes the frames the main thread posts, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './frame-worker';
import { runJob, type JobSettings } from './job';

const settings = workerData as JobSettings;
const reply = (message: WorkerReply) => parentPort?.postMessage(message);
parentPort?.on('message', async ({ job, temporary }: WorkerRequest) => reply({ kind: 'outcome', outcome: await runJob(job, settings, temporary) }));
reply({ kind: 'ready' });
