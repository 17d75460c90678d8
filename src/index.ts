// frame-processor's public API, for a program that embeds it: JPEG bytes in, edge map out, the
// typed errors every failure is, and the parts the Lambda function is built from. The programs
// themselves are entry points of their own, not part of this API:
//   lambda/handler.ts  the AWS Lambda function (serverless.yml)
//   cli/main.ts        the `frame-processor` command
//   local/stack.ts     `npm start`: the function on this machine, behind a local S3 server

/** The pure core: processFrame(bytes, options) and its options, limits and result. */
export { DEFAULT_LIMITS, processFrame, type FrameLimits, type FrameOptions, type FrameResult, type OutputFormat, type StageTimings } from './core/pipeline';
export { FRAME_DEFAULTS } from './core/settings';
export type { ComputeBudget } from './core/frame-cost';

/** What an input is, known from its headers before anything is decoded. */
export { readJpegHeader, type JpegHeader } from './jpeg/header';

/** Every error class; a FrameError names the object or file and says what is wrong with it. */
export {
  ConfigError,
  CorruptJpegError,
  DeadlineError,
  FrameError,
  FramesFailedError,
  ImageTooSmallError,
  JpegDimensionsError,
  JpegEncodeError,
  JpegOutputOverflowError,
  JpegQualityError,
  KernelTrapError,
  LimitExceededError,
  ListenError,
  NotAJpegError,
  RecursionGuardError,
  S3ListingError,
  S3TransferError,
  UnrecognisedEventError,
  UnsupportedJpegError,
  UsageError,
  type FrameFailure,
} from './core/errors';

/** A frame handler of one's own: the settings, S3 client and observer the deployed one is made of. */
export { createFrameHandler, type FrameHandler, type HandlerDeps, type InvocationSummary } from './lambda/invocation';
/** The deployed entry point's parts: S3 events and S3 Batch Operations told apart, each answered. */
export { createHandler, type LambdaHandler } from './lambda/dispatch';
export { createBatchHandler, type BatchHandler } from './lambda/batch-invocation';
export type { BatchResponse, BatchResultCode, BatchTaskResult } from './lambda/batch-event';
export { readConfig, type HandlerConfig } from './lambda/config';
export { createS3Client } from './lambda/s3-client';
export { createObserver, type FrameObserver } from './lambda/observability';
