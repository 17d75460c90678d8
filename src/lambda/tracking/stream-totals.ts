// Totals that another writer puts on an existing jobs table (TotalFrames on the video's item),
// read from that table's DynamoDB stream (view type NEW_IMAGE or NEW_AND_OLD_IMAGES). Without the
// stream such a total is read at the video's first frame or by the sweeper within its reconcile
// grace; the stream records it as it lands. A record counts when its new
// image is a video item (not one of tracking's own items) with TotalFrames that differs from the
// table total tracking recorded last (fp_Total_table), and no fp_CompletedAt: so tracking's own
// writes to the item, which leave TotalFrames alone, do not qualify.
// see: Amazon DynamoDB Developer Guide, "Change data capture for DynamoDB Streams" (StreamRecord).
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DEFAULT_FRAME_RATE, checkTotal, type VideoTotal } from '../../tracking/manifest';
import { A, HASH_KEY, OTHER_WRITER_TOTAL, collidesWithItemKey } from '../../tracking/table';

export interface StreamTotals {
  totals: VideoTotal[];
  /** Records whose total cannot be a total (logged; nothing to retry). */
  problems: string[];
}

type Image = Record<string, AttributeValue>;

export function totalsOfStream(event: unknown): StreamTotals {
  const out: StreamTotals = { totals: [], problems: [] };
  const records = isObject(event) && Array.isArray(event.Records) ? event.Records : [];
  for (const record of records) {
    if (!isObject(record) || (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || !isObject(record.dynamodb)) continue;
    const image = record.dynamodb.NewImage;
    if (!isObject(image)) continue;
    const total = totalOf(image as Image);
    if (typeof total === 'string') out.problems.push(total);
    else if (total) out.totals.push(total);
  }
  return out;
}

/** The video's total, undefined when the item does not qualify, a reason when its total is not one. */
function totalOf(image: Image): VideoTotal | string | undefined {
  const videoId = image[HASH_KEY]?.S;
  const written = image[OTHER_WRITER_TOTAL]?.N;
  const recorded = image[A.totalOf('table')]?.M?.Frames?.N;
  if (!videoId || collidesWithItemKey(videoId) || written === undefined || image[A.completedAt]) return undefined;
  if (recorded !== undefined && Number(recorded) === Number(written)) return undefined;
  try {
    const refuse = (reason: string): never => {
      throw new Error(reason);
    };
    const totalFrames = checkTotal(Number(written), refuse, OTHER_WRITER_TOTAL);
    return { videoId, totalFrames, frameRate: DEFAULT_FRAME_RATE, source: 'table' };
  } catch (error) {
    return `${videoId}: ${(error as Error).message}`;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
