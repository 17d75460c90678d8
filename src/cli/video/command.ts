// `frame-processor video <input> --out <file.mp4|s3://bucket/key.mp4>`: the whole product on one
// machine. One video's frames (a folder or an S3 prefix) become edge maps through the frame
// function's pipeline on the compute lanes, the edge maps are encoded part by part on encoding
// threads by the stitch's segment code, and the parts are joined as the stitch joins its segments.
// See USAGE in args.ts; the design is in docs/edge-video.md.
import { performance } from 'node:perf_hooks';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConfigError, UsageError } from '../../core/errors';
import { describeS3Error } from '../../lambda/s3-transfer';
import type { MovieLayout } from '../../video/mp4/movie-header';
import { formatFrameRate, toFrameRate } from '../../video/mp4/timing';
import { Progress } from '../progress';
import { isS3Url } from '../s3-location';
import { cliS3Client, IN_FLIGHT_PER_LANE } from '../transfer-run';
import { parseVideoArgs, VIDEO_USAGE, type VideoOptions } from './args';
import { edgeMapSupply } from './edge-maps';
import { EncoderPool } from './encoder-pool';
import { planVideo, type VideoPlan } from './plan';
import { VideoReport } from './report';
import { encodeParts, VideoRefusal } from './schedule';
import { openSource } from './source';
import { checkOutputPath, WorkFiles } from './work-files';
import { writeVideo } from './write-video';

const say = (line: string) => process.stderr.write(`frame-processor: ${line}\n`);

/** Runs the command on `argv` (after `video`); returns the exit code. */
export async function videoCommand(argv: string[]): Promise<number> {
  try {
    const options = parseVideoArgs(argv);
    if (!options) {
      process.stdout.write(`${VIDEO_USAGE}\n`);
      return 0;
    }
    return await runVideo(options);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
    for (const line of error.message.split('\n')) say(line);
    process.stderr.write(`${VIDEO_USAGE}\n`);
    return 2;
  }
}

async function runVideo(options: VideoOptions): Promise<number> {
  const started = performance.now();
  const s3 = isS3Url(options.input) || options.out.kind === 's3' ? await cliS3Client() : undefined;
  const source = openSource(options.input, isS3Url(options.input) ? s3 : undefined);
  const plan = await planVideo(source, options.edgeMaps, options.fps);
  await checkOutputs(options, s3);

  const progress = new Progress(plan.total, process.stderr);
  const sayAboveBar = (line: string) => progress.log(`frame-processor: ${line}`);
  for (const line of notices(plan)) sayAboveBar(line);
  const report = new VideoReport(plan.total, sayAboveBar);
  const files = await WorkFiles.create(options.out, options.dumpYuv);
  const stop = new AbortController();
  const interrupt = () => {
    if (stop.signal.aborted) return;
    sayAboveBar('interrupted: stopping');
    stop.abort();
  };
  process.on('SIGINT', interrupt);
  const lanes = options.concurrency;
  const supply = edgeMapSupply(source, plan.names, { edgeMaps: options.edgeMaps, blurModifier: options.blurModifier, blurMethod: options.blurMethod, lanes }, stop.signal);
  let layout: MovieLayout | undefined;
  try {
    const encoded = await encodeParts({
      total: plan.total, names: plan.names, parts: plan.parts, signal: stop.signal,
      edgeMapOf: (index) => supply.edgeMapOf(index),
      label: (name) => source.describe(name),
      startEncoders: (width, height) => {
        const setup = { width, height, qp: options.qp, frameRate: plan.frameRate, dumpPath: files.dumpPath };
        return new EncoderPool(setup, Math.min(lanes, plan.parts.length), () => progress.tick());
      },
      partDataPath: (part) => files.partPath(part),
      framesInFlight: lanes * IN_FLIGHT_PER_LANE,
      onFailed: (message) => report.frameFailed(message),
    });
    report.fills(encoded.lacking, plan.names, plan.base);
    const out = options.out;
    layout = await writeVideo({ indexes: encoded.indexes, partPath: (part) => files.partPath(part), total: plan.total, out, s3, signal: stop.signal, warn: sayAboveBar });
    await files.keepDump();
  } catch (error) {
    if (!stop.signal.aborted) sayAboveBar(`no edge video: ${error instanceof VideoRefusal ? error.message : describeError(error)}`);
  } finally {
    await supply.close();
    await files.remove();
    process.off('SIGINT', interrupt);
  }
  progress.done();
  const seconds = (performance.now() - started) / 1000;
  const written = options.out.kind === 'file' ? options.out.path : options.out.url;
  process.stdout.write(`${report.summary(written, layout, formatFrameRate(toFrameRate(plan.frameRate)), seconds)}\n`);
  // A Ctrl-C that comes once the video is whole changes nothing: the summary names it, the exit code is its own.
  return report.exitCode(layout !== undefined, stop.signal.aborted && layout === undefined);
}

/** Refusals of the outputs before any work: a path that is a folder, an S3 bucket that does not exist. */
async function checkOutputs(options: VideoOptions, s3: S3Client | undefined): Promise<void> {
  if (options.dumpYuv !== undefined) checkOutputPath(options.dumpYuv, '--dump-yuv');
  if (options.out.kind === 'file') return checkOutputPath(options.out.path, '--out');
  try {
    await s3!.send(new HeadBucketCommand({ Bucket: options.out.bucket }));
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    // Any other answer (403 without s3:ListBucket, say) leaves the upload to say what is wrong.
    if (status === 404) throw new UsageError(`--out ${options.out.url}: no bucket ${options.out.bucket} (${describeS3Error(error)})`);
  }
}

/** Lines about the input's files that are not in the video. */
function notices(plan: VideoPlan): string[] {
  const lines: string[] = [];
  const { ignored, duplicates } = plan;
  if (ignored.count > 0) lines.push(`${ignored.count} image file(s) are not frames 0..${plan.total - 1} of the video and are left out (${ignored.examples.join(', ')}${ignored.count > ignored.examples.length ? ', ...' : ''})`);
  if (duplicates.count > 0) lines.push(`${duplicates.count} file(s) name a frame another file names; the first name is used (${duplicates.examples.join('; ')}${duplicates.count > duplicates.examples.length ? '; ...' : ''})`);
  return lines;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
