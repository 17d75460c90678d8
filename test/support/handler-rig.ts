// The frame handler over a real local S3 server, for a mocha suite: the server starts before the
// suite's tests (buckets raw-frames and processed-frames) and stops after them, and each test makes
// a handler with the environment it needs, reporting to a RecordingObserver.
import { readConfig, type HandlerConfig } from '../../src/lambda/config';
import { createFrameHandler, type FrameHandler, type HandlerDeps } from '../../src/lambda/invocation';
import { createS3Client } from '../../src/lambda/s3-client';
import { S3RVER_CREDENTIALS } from '../../src/local/s3-server';
import { RecordingObserver } from './recording-observer';
import { startTestS3, TEST_REGION, type TestS3 } from './s3-server';

export const RAW = 'raw-frames';
export const OUT = 'processed-frames';

export interface HandlerRig {
  /** The running server (set once the suite's `before` has run). */
  readonly s3: TestS3;
  /** A handler writing to processed-frames on the server, configured from `env` on top of the defaults. */
  handlerWith(env?: Record<string, string>, deps?: Partial<Omit<HandlerDeps, 'observer'>>): { handler: FrameHandler; observer: RecordingObserver; config: HandlerConfig };
  /** What handlerWith builds its handler from, for the other entry points (S3 Batch Operations, the dispatcher). */
  depsWith(env?: Record<string, string>, deps?: Partial<Omit<HandlerDeps, 'observer'>>): HandlerDeps & { observer: RecordingObserver };
}

export function useHandlerRig(): HandlerRig {
  let s3: TestS3 | undefined;
  before(async () => {
    s3 = await startTestS3([RAW, OUT]);
  });
  after(async () => {
    await s3?.close();
  });
  const running = (): TestS3 => {
    if (!s3) throw new Error("the S3 server starts in the suite's before hook");
    return s3;
  };
  return {
    get s3() {
      return running();
    },
    handlerWith(env = {}, deps = {}) {
      const built = this.depsWith(env, deps);
      return { handler: createFrameHandler(built), observer: built.observer, config: built.config };
    },
    depsWith(env = {}, deps = {}) {
      const config = readConfig({ OUTPUT_BUCKET: OUT, S3_FORCE_PATH_STYLE: 'true', ...env });
      const observer = new RecordingObserver();
      const client = createS3Client(config, { endpoint: running().endpoint, region: TEST_REGION, credentials: S3RVER_CREDENTIALS });
      return { config, s3: client, ...deps, observer };
    },
  };
}
