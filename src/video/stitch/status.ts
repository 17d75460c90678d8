// The edge video's state as `frame-processor status` shows it, read off the video item alone.
import { num, numSet, str, type Item } from '../../tracking/items';
import { A } from '../../tracking/table';
import { edgesVideoKey } from '../segment-format';
import { SA, STITCH_OUTBOX } from './state';

export type EdgeVideoState =
  | { state: 'waiting-for-plan' }
  | { state: 'planned'; segmentsDone: number; segments: number }
  | { state: 'joining'; segments: number }
  | { state: 'joined'; key: string; bytes: number }
  | { state: 'refused' | 'none'; reason: string };

/** The edge video's state of a completed video; undefined when the stitch has not reached it (or is not deployed). */
export function edgeVideoState(videoId: string, item: Item): EdgeVideoState | undefined {
  if (!item[A.completedAt]) return undefined;
  const outcome = str(item, SA.outcome);
  if (outcome === 'created') return { state: 'joined', key: edgesVideoKey(videoId), bytes: num(item, SA.bytes) ?? 0 };
  if (outcome === 'refused' || outcome === 'none') return { state: outcome, reason: str(item, SA.reason) ?? '' };
  const segments = num(item, SA.segments) ?? 0;
  if (item[SA.joinReadyAt]) return { state: 'joining', segments };
  if (item[SA.plannedAt]) return { state: 'planned', segmentsDone: numSet(item, SA.done).length, segments };
  return str(item, A.outbox) === STITCH_OUTBOX.plan ? { state: 'waiting-for-plan' } : undefined;
}

/** One line for a person. */
export function describeEdgeVideo(state: EdgeVideoState): string {
  switch (state.state) {
    case 'waiting-for-plan':
      return 'waiting for its plan';
    case 'planned':
      return `planned: segments ${state.segmentsDone}/${state.segments} encoded`;
    case 'joining':
      return `joining its ${state.segments} segment${state.segments === 1 ? '' : 's'}`;
    case 'joined':
      return `joined: ${state.key} (${state.bytes} bytes)`;
    case 'refused':
      return `refused: ${state.reason}`;
    case 'none':
      return `none: ${state.reason}`;
  }
}
