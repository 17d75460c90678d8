// Worker thread of the CLI: processes the jobs the main thread posts, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import type { FrameJob } from './files';
import { runJob, type JobSettings } from './job';

const settings = workerData as JobSettings;
parentPort?.on('message', async (job: FrameJob) => parentPort?.postMessage(await runJob(job, settings)));
