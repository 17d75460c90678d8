// Where each frame's edge map comes from: the frame read (file or GetObject) and computed by the
// command line's compute lanes with the Lambda function's defaults, so the edge video is made of
// exactly the edge maps the deployed function writes (greyscale JPEG, quality 75); or, with
// --edge-maps, the file itself. A frame that cannot be read or computed fails alone and is
// filled, as the function's failures are; an edge map that cannot be read refuses the video, as
// the stitch refuses it.
import type { BlurMethod } from '../../core/reduction';
import { FRAME_DEFAULTS } from '../../core/settings';
import { computeLanes, type Compute } from '../compute-pool';
import { describe } from '../job';
import type { FrameOutcome } from './schedule';
import { VideoRefusal } from './schedule';
import type { VideoSource } from './source';

export interface EdgeMapSupply {
  edgeMapOf(index: number): Promise<FrameOutcome>;
  close(): Promise<void>;
}

/** `lanes` compute lanes for frames (none with `edgeMaps`), reading through `source`; `signal` aborts at Ctrl-C. */
export function edgeMapSupply(source: VideoSource, names: readonly (string | undefined)[], settings: { edgeMaps: boolean; blurModifier: number; blurMethod: BlurMethod; lanes: number }, signal: AbortSignal): EdgeMapSupply {
  const jobSettings = { blurModifier: settings.blurModifier, blurMethod: settings.blurMethod, quality: FRAME_DEFAULTS.quality, format: 'jpeg' as const };
  const compute: Compute | undefined = settings.edgeMaps ? undefined : computeLanes(jobSettings, settings.lanes, { starting: signal, now: signal });
  return {
    async edgeMapOf(index) {
      const name = names[index];
      if (name === undefined) return { kind: 'missing' };
      const label = source.describe(name);
      let bytes: Uint8Array;
      try {
        bytes = await source.read(name, signal);
      } catch (error) {
        const message = describe(error, label);
        if (compute === undefined) throw new VideoRefusal(`frame ${index}'s edge map cannot be read: ${message}`);
        return { kind: 'failed', message };
      }
      if (compute === undefined) return { kind: 'edge-map', bytes };
      const computed = await compute.compute(bytes, label);
      return computed.ok ? { kind: 'edge-map', bytes: computed.result.bytes } : { kind: 'failed', message: computed.message };
    },
    close: async () => compute?.close(),
  };
}
