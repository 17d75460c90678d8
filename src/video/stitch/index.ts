// The edge video's stitch step: public surface for the handlers and the local stack.
export { StitchService, type StitchServiceOptions, type TaskResult } from './service';
export { LambdaInvoker, type Invoker, type LambdaFunctions } from './invoker';
export { parseStitchTask, planTaskOfEvent, taskOfPayload, describeTask, FRAMES_PROCESSED_DETAIL_TYPE, type StitchTask } from './tasks';
export { readStitchSettings, STITCH_DEFAULTS, DEFAULT_SEGMENT_FRAMES, type StitchSettings } from './settings';
export { DEFAULT_STITCH_SWEEP, type StitchSweepOptions, type StitchSweepResult } from './sweeper';
export { STITCH_OUTBOX, SA as STITCH_ATTRIBUTES, type StitchOutboxState } from './state';
export { STITCH_STEPS, NO_STITCH_FAULTS, type StitchFaults, type StitchStep } from './steps';
export { EDGE_VIDEO_CREATED, EDGE_VIDEO_NOT_CREATED } from './publish';
export type { EdgeVideoSection, StitchedVideoRecord } from './record';
export type { StitchS3 } from './s3';
