// Command-line parsing for `npm start` (scripts/local-stack.ts): options validated once, before
// anything starts; a bad command line is a UsageError (printed with the usage, exit code 2).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { numberOption, parseCommandLine } from '../core/command-line';
import { UsageError } from '../core/errors';
import { BLUR_METHODS, type BlurMethod } from '../core/reduction';
import type { NumberRule } from '../core/settings';

const PORT_RULE: NumberRule = { integer: true, min: 0, max: 65535 };
const CONCURRENCY_RULE: NumberRule = { integer: true, min: 1, max: 64 };
export const DEFAULT_PORT = 4569;
export const DEFAULT_DYNAMO_PORT = 4570;
export const DEFAULT_EVENTS_PORT = 4572;
/** The viewer page: http://127.0.0.1:4571/. */
export const DEFAULT_UI_PORT = 4571;
/** The handler's JSON log lines go to this file in the data folder unless --verbose. */
export const HANDLER_LOG_FILE = 'handler-log.jsonl';

const OPTIONS = {
  port: { type: 'string' },
  'dynamo-port': { type: 'string' },
  'events-port': { type: 'string' },
  'ui-port': { type: 'string' },
  'data-dir': { type: 'string' },
  'samples-dir': { type: 'string' },
  'no-samples': { type: 'boolean' },
  'no-demo': { type: 'boolean' },
  concurrency: { type: 'string' },
  'blur-method': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const START_USAGE = `usage: npm start -- [options]

  --port N           port of the S3 server on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one)
  --dynamo-port N    port of DynamoDB (dynalite, per-video tracking) (default ${DEFAULT_DYNAMO_PORT}; 0 picks a free one)
  --events-port N    port of EventBridge's PutEvents, for MediaConvert job events (default ${DEFAULT_EVENTS_PORT}; 0 picks a free one)
  --ui-port N        port of the viewer page, http://127.0.0.1:N/ (default ${DEFAULT_UI_PORT}; 0 picks a free one)
  --data-dir DIR     where buckets, objects and logs are kept (default .data/local-stack)
  --samples-dir DIR  sample frames uploaded at start (default samples)
  --no-samples       do not upload the sample frames (nor the demo video)
  --no-demo          do not make and upload the demo video (72 frames; edges.mp4 in ~10 s)
  --concurrency N    invocations at once, 1..64 (default: CPUs - 1, at most 4)
  --blur-method M    fast or exact: the handler's BLUR_METHOD (default: the environment's, else fast)
  --verbose          the handler's JSON logs on the terminal, not in DIR/${HANDLER_LOG_FILE}
  --help             this text

Handler settings come from the environment as on Lambda: BLUR_MODIFIER, BLUR_METHOD, JPEG_QUALITY,
OUTPUT_FORMAT, MAX_INPUT_BYTES, MAX_PIXELS, LOG_LEVEL (default INFO); the edge video's
STITCH_SEGMENT_FRAMES (default 300) and STITCH_QP (default 28); per-video tracking's
VIDEO_STALL_AFTER (seconds without progress before a video is reported stalled, default 3600)
and FRAME_KEY_PATTERN (which file names are frames, default <name>.<index>.jpg).`;

export interface StartOptions {
  port: number;
  dynamoPort: number;
  eventsPort: number;
  /** The viewer page's port. */
  uiPort: number;
  /** Absolute path of the data folder. */
  dataDir: string;
  /** Absolute path of an existing folder of sample frames, or undefined (--no-samples). */
  samplesDir?: string;
  /** Make and upload the demo video (not with --no-demo or --no-samples). */
  demo: boolean;
  concurrency?: number;
  /** BLUR_METHOD for the handler, when given: it overrides the environment's. */
  blurMethod?: BlurMethod;
  verbose: boolean;
}

/** Parses argv (without node and the script); throws UsageError. `--help` is returned as null. */
export function parseStartArgs(argv: string[]): StartOptions | null {
  const { values } = parseCommandLine({ args: argv, allowPositionals: false, options: OPTIONS });
  if (values.help) return null;
  if (values['no-samples'] && values['samples-dir'] !== undefined) throw new UsageError('--samples-dir and --no-samples exclude each other');
  return {
    port: numberOption('--port', values.port, DEFAULT_PORT, PORT_RULE),
    dynamoPort: numberOption('--dynamo-port', values['dynamo-port'], DEFAULT_DYNAMO_PORT, PORT_RULE),
    eventsPort: numberOption('--events-port', values['events-port'], DEFAULT_EVENTS_PORT, PORT_RULE),
    uiPort: numberOption('--ui-port', values['ui-port'], DEFAULT_UI_PORT, PORT_RULE),
    dataDir: resolve(values['data-dir'] ?? '.data/local-stack'),
    samplesDir: values['no-samples'] ? undefined : existingFolder('--samples-dir', values['samples-dir'] ?? 'samples'),
    demo: !values['no-demo'] && !values['no-samples'],
    concurrency: values.concurrency === undefined ? undefined : numberOption('--concurrency', values.concurrency, 0, CONCURRENCY_RULE),
    blurMethod: blurMethod(values['blur-method']),
    verbose: values.verbose ?? false,
  };
}

function blurMethod(text: string | undefined): BlurMethod | undefined {
  if (text === undefined) return undefined;
  const method = BLUR_METHODS.find((name) => name === text);
  if (method === undefined) throw new UsageError(`--blur-method must be ${BLUR_METHODS.join(' or ')}, got ${JSON.stringify(text)}`);
  return method;
}

function existingFolder(flag: string, path: string): string {
  const folder = resolve(path);
  const stats = statSync(folder, { throwIfNoEntry: false });
  if (!stats) throw new UsageError(`${flag} ${path}: no such folder (--no-samples starts without samples)`);
  if (!stats.isDirectory()) throw new UsageError(`${flag} ${path}: not a folder`);
  return folder;
}
