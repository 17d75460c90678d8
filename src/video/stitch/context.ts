// What every stitch step needs, passed explicitly: the tracking table (the video item), the
// output bucket, how to start the next steps, where events go, the settings, the clock, the crash
// hook and a logger. Built once per process (service.ts).
import type { EventPublisher } from '../../tracking/events';
import type { FrameKeyRule } from '../../tracking/frame-key';
import type { TrackingLog } from '../../tracking/context';
import type { Table } from '../../tracking/items';
import type { Invoker } from './invoker';
import type { StitchS3 } from './s3';
import type { StitchSettings } from './settings';
import type { StitchFaults } from './steps';

export interface StitchContext {
  table: Table;
  s3: StitchS3;
  /** The output bucket: edge maps in, `.stitch/` work objects, edges.mp4 and video.json out. */
  bucket: string;
  invoker: Invoker;
  events: EventPublisher;
  settings: StitchSettings;
  faults: StitchFaults;
  /** Milliseconds since the epoch. */
  now(): number;
  log: TrackingLog;
  /** Which names in the output bucket are frames' edge maps (the tracking's frame rule). */
  frameKeys: FrameKeyRule;
}
