// Reads a segment index (segment-format.ts) and checks every field, so a corrupt, truncated,
// foreign or mismatched index is refused with a SegmentIndexError naming the object and the
// reason, before any byte of the joined video is written.
import { SegmentIndexError, VideoError } from './errors';
import { checkParameterSets } from './mp4/avc-config';
import { toFrameRate } from './mp4/timing';
import { SEGMENT_FORMAT, SEGMENT_FORMAT_VERSION, stitchPrefix, type SegmentInfo } from './segment-format';

/** No segment index is anywhere near this big (a 10,000-frame segment's is about 100 KB). */
export const MAX_SEGMENT_INDEX_BYTES = 8 * 1024 * 1024;
const MAX_SEGMENT_FRAMES = 1_000_000;
const MAX_DIMENSION = 16_384;
const MAX_U32 = 0xffffffff;

export interface ExpectedSegment {
  indexKey: string;
  videoId: string;
  segment: number;
}

/** Parses and checks the index object's bytes; `expected` says which segment it must describe. */
export function readSegmentIndex(bytes: Uint8Array, expected: ExpectedSegment): SegmentInfo {
  const fail = (reason: string): never => {
    throw new SegmentIndexError(reason, expected.indexKey);
  };
  if (bytes.length > MAX_SEGMENT_INDEX_BYTES) fail(`${bytes.length} bytes is over the ${MAX_SEGMENT_INDEX_BYTES}-byte limit for an index`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    return fail(`not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('not a JSON object');
  if (json.format !== SEGMENT_FORMAT) fail(`format ${JSON.stringify(json.format)} is not ${JSON.stringify(SEGMENT_FORMAT)}`);
  if (json.version !== SEGMENT_FORMAT_VERSION) fail(`version ${JSON.stringify(json.version)} is not supported (this reader knows version ${SEGMENT_FORMAT_VERSION})`);
  const field = fieldReader(json, fail);
  if (field.string('videoId') !== expected.videoId) fail(`videoId ${JSON.stringify(json.videoId)} is not ${JSON.stringify(expected.videoId)}`);
  if (field.integer('segment', 0, MAX_U32) !== expected.segment) fail(`segment ${json.segment} is not ${expected.segment}`);
  const frameCount = field.integer('frameCount', 1, MAX_SEGMENT_FRAMES);
  const sizes = field.integers('sampleSizes', 5, MAX_U32);
  if (sizes.length !== frameCount) fail(`sampleSizes has ${sizes.length} entries for ${frameCount} frames`);
  const keyframes = field.integers('keyframes', 0, frameCount - 1);
  for (let i = 1; i < keyframes.length; i++) if (keyframes[i] <= keyframes[i - 1]) fail(`keyframes are not strictly ascending at entry ${i}`);
  const dataBytes = field.integer('dataBytes', 5, Number.MAX_SAFE_INTEGER);
  const sum = sizes.reduce((total, size) => total + size, 0);
  if (sum !== dataBytes) fail(`sampleSizes add up to ${sum} bytes, dataBytes says ${dataBytes}`);
  const dataKey = field.string('dataKey');
  if (!dataKey.startsWith(stitchPrefix(expected.videoId)) || !dataKey.endsWith('.h264')) fail(`dataKey ${JSON.stringify(dataKey)} is not a .h264 object under ${stitchPrefix(expected.videoId)}`);
  const dataSha256 = field.string('dataSha256');
  if (!/^[0-9a-f]{64}$/.test(dataSha256)) fail('dataSha256 is not 64 lowercase hex digits');
  const parameterSets = { sps: field.base64('sps'), pps: field.base64('pps') };
  const width = field.integer('width', 1, MAX_DIMENSION);
  const height = field.integer('height', 1, MAX_DIMENSION);
  const frameRate = field.frameRate();
  const sps = (() => {
    try {
      return checkParameterSets(parameterSets, expected.indexKey);
    } catch (error) {
      return error instanceof VideoError ? fail(`sps/pps: ${error.reason}`) : fail(String(error));
    }
  })();
  if (sps.width !== width || sps.height !== height) fail(`width x height ${width}x${height} is not the SPS's ${sps.width}x${sps.height}`);
  return {
    indexKey: expected.indexKey,
    videoId: expected.videoId,
    segment: expected.segment,
    firstFrame: field.integer('firstFrame', 0, Number.MAX_SAFE_INTEGER),
    frameCount,
    width,
    height,
    frameRate,
    parameterSets,
    sizes: Uint32Array.from(sizes),
    keyframes: Uint32Array.from(keyframes),
    dataKey,
    dataBytes,
    dataSha256,
  };
}

/** Typed field getters that fail with the field's name. */
function fieldReader(json: Record<string, unknown>, fail: (reason: string) => never) {
  const isInteger = (value: unknown, min: number, max: number): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
  return {
    string(name: string): string {
      const value = json[name];
      return typeof value === 'string' && value.length > 0 ? value : fail(`${name} is not a non-empty string`);
    },
    integer(name: string, min: number, max: number): number {
      const value = json[name];
      return isInteger(value, min, max) ? value : fail(`${name} ${JSON.stringify(value)} is not an integer in ${min}..${max}`);
    },
    integers(name: string, min: number, max: number): number[] {
      const value = json[name];
      if (!Array.isArray(value)) return fail(`${name} is not an array`);
      const bad = value.findIndex((item) => !isInteger(item, min, max));
      return bad < 0 ? (value as number[]) : fail(`${name}[${bad}] ${JSON.stringify(value[bad])} is not an integer in ${min}..${max}`);
    },
    base64(name: string): Uint8Array {
      const text = this.string(name);
      const bytes = Buffer.from(text, 'base64');
      // Buffer ignores characters outside the alphabet: a round trip catches them.
      return bytes.toString('base64') === text ? Uint8Array.from(bytes) : fail(`${name} is not canonical base64`);
    },
    frameRate() {
      const value = json.frameRate as { numerator?: unknown; denominator?: unknown } | undefined;
      try {
        const rate = toFrameRate({ numerator: value?.numerator as number, denominator: value?.denominator as number });
        if (rate.numerator !== value?.numerator || rate.denominator !== value?.denominator) fail(`frameRate ${value?.numerator}/${value?.denominator} is not reduced`);
        return rate;
      } catch (error) {
        if (error instanceof VideoError && !(error instanceof SegmentIndexError)) fail(`frameRate: ${error.reason}`);
        throw error;
      }
    },
  };
}
