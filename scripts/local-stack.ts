// `npm start`: the local stack (src/local/stack.ts) until Ctrl-C. Options: src/local/args.ts
// (`npm start -- --help`). Exit codes: 1 if the stack cannot start, 2 for a usage error. Ctrl-C (or
// SIGTERM) stops it cleanly, and then it ends by that signal, as a program stopped by Ctrl-C
// should: the shell's status is 130 (143), and npm, sh and bash all pass that on alike, where a
// plain 0 would read as success to `npm start && ...` and was 0 or 130 depending on the shell.
import { ListenError, UsageError } from '../src/core/errors';
import { quietSdkNodeWarning } from '../src/core/node-support';
import { constants } from 'node:os';
import { join } from 'node:path';
import { HANDLER_LOG_FILE, parseStartArgs, START_USAGE, type StartOptions } from '../src/local/args';
import { INPUT_BUCKET, LOCAL_REGION, OUTPUT_BUCKET } from '../src/local/buckets';
import { startLocalStack, type LocalStack } from '../src/local/stack';
import { S3RVER_CREDENTIALS } from '../src/local/s3-server';
import { DEMO_VIDEO } from '../src/local/demo-video';
import { objectFile } from '../src/local/event-lines';

async function main(): Promise<void> {
  quietSdkNodeWarning();
  const options = parseStartArgs(process.argv.slice(2));
  if (!options) return console.log(START_USAGE);
  const { port, dynamoPort, eventsPort, uiPort, dataDir, concurrency, blurMethod } = options;
  const env = blurMethod ? { ...process.env, BLUR_METHOD: blurMethod } : process.env;
  const stack = await startLocalStack({ port, dynamoPort, eventsPort, uiPort, dataDir, concurrency, env, handlerLog: handlerLogOf(options) });
  process.once('SIGINT', () => void stop(stack, 'SIGINT'));
  process.once('SIGTERM', () => void stop(stack, 'SIGTERM'));
  console.log(banner(stack, options));
  if (options.samplesDir) {
    const keys = await stack.uploadSamples(options.samplesDir);
    console.log(`uploaded ${keys.length} sample frames from ${options.samplesDir} to ${INPUT_BUCKET}`);
  }
  if (options.demo) {
    const demo = await stack.uploadDemoVideo();
    const seconds = (demo.frames / demo.frameRate).toFixed(1);
    console.log(`uploaded the demo video ${demo.videoId}: ${demo.frames} frames (${seconds} s) ${demo.width}x${demo.height}, a slow pan across a sample photo, and its capture.json; its edge video will be ${OUTPUT_BUCKET}/${demo.videoId}/edges.mp4`);
  }
}

/** Set once Ctrl-C is handled: uploads still running at start then fail, and that is no failure to start. */
let stopping = false;

async function stop(stack: LocalStack, signal: 'SIGINT' | 'SIGTERM'): Promise<void> {
  stopping = true;
  console.log('\nstopping: letting running invocations finish...');
  const left = await stack.close();
  const { succeeded, failed, retried } = stack.stats;
  console.log(`${succeeded} invocations succeeded, ${failed} failed after retries, ${retried} retried`);
  if (left > 0) console.log(`${left} queued uploads were not processed (they are still in ${INPUT_BUCKET})`);
  endBy(signal);
}

/** Ends this process by `signal`'s default action (stdout flushed first: a pipe's writes are asynchronous). */
function endBy(signal: NodeJS.Signals): void {
  process.stdout.write('', () => {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    setTimeout(() => process.exit(128 + constants.signals[signal]), 1000).unref(); // never reached on Linux and macOS
  });
}

/** The handler's JSON log lines go to a file in the data folder, so the terminal shows one style only. */
function handlerLogOf({ verbose, dataDir }: StartOptions): string | undefined {
  return verbose ? undefined : join(dataDir, HANDLER_LOG_FILE);
}

function banner(stack: LocalStack, options: StartOptions): string {
  const { endpoint, dynamoEndpoint, eventsEndpoint, trackingTable, eventsFile, outputsFile } = stack;
  const { segmentFrames, qp } = stack.stitchSettings;
  const { accessKeyId, secretAccessKey } = S3RVER_CREDENTIALS;
  const handlerLog = handlerLogOf(options);
  return `
frame-processor local stack
  viewer         ${stack.uiEndpoint}/  (every video's progress, its edge video beside its frames, uploads)
  S3 endpoint    ${endpoint} (path-style URLs, region ${LOCAL_REGION})
  credentials    access key id ${accessKeyId}, secret access key ${secretAccessKey}
  input bucket   ${INPUT_BUCKET}  (every .jpg/.jpeg created here is processed)
  output bucket  ${OUTPUT_BUCKET}
  data folder    ${options.dataDir}
  handler logs   ${handlerLog ? `${handlerLog} (JSON lines; --verbose prints them here instead)` : 'here (JSON lines, --verbose)'}
  tracking       DynamoDB ${dynamoEndpoint}, table ${trackingTable}; events in ${eventsFile};
                 EventBridge PutEvents ${eventsEndpoint} (MediaConvert job events)
  stack outputs  ${outputsFile} (check the whole stack: node dist/src/cli/main.js smoke --outputs ${outputsFile})
  edge videos    ${OUTPUT_BUCKET}/<videoId>/edges.mp4 once a video completes (STITCH_SEGMENT_FRAMES=${segmentFrames}, STITCH_QP=${qp});
                 its bytes on disk: ${objectFile(options.dataDir, OUTPUT_BUCKET, '<videoId>/edges.mp4')}

Upload with any S3 client, for example the AWS CLI; a video is its frames <videoId>/<name>.<index>.jpg:
  export AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_REGION=${LOCAL_REGION} AWS_DEFAULT_REGION=${LOCAL_REGION}
  aws --endpoint-url ${endpoint} s3 cp frame.jpg s3://${INPUT_BUCKET}/camera-1/frame.0000000.jpg
  aws --endpoint-url ${endpoint} s3 ls s3://${OUTPUT_BUCKET}/ --recursive
  aws --endpoint-url ${endpoint} s3 cp s3://${OUTPUT_BUCKET}/camera-1/frame.0000000.jpg edges.jpg
Its total completes it, from any of three sources (camera-1 has one frame):
  echo '{"totalFrames": 1}' | aws --endpoint-url ${endpoint} s3 cp - s3://${INPUT_BUCKET}/camera-1/capture.json
  aws --endpoint-url ${eventsEndpoint} events put-events --entries '${mediaConvertEntry(`s3://${INPUT_BUCKET}/camera-1/frame.0000000.jpg`)}'
  aws --endpoint-url ${dynamoEndpoint} dynamodb update-item --table-name ${trackingTable} --key '{"VideoId":{"S":"camera-1"}}' --update-expression 'SET TotalFrames = :t' --expression-attribute-values '{":t":{"N":"1"}}'
  AWS_ENDPOINT_URL_DYNAMODB=${dynamoEndpoint} node dist/src/cli/main.js status camera-1 --table ${trackingTable}
Watch an edge video (the demo's is ${DEMO_VIDEO.videoId}) with ffplay, or open its URL in a browser:
  ffplay ${endpoint}/${OUTPUT_BUCKET}/${DEMO_VIDEO.videoId}/edges.mp4
  aws --endpoint-url ${endpoint} s3 cp s3://${OUTPUT_BUCKET}/${DEMO_VIDEO.videoId}/edges.mp4 . && xdg-open edges.mp4
Processing new uploads until Ctrl-C.
`;
}

/** A MediaConvert COMPLETE job event as PutEvents entries, its frame capture's final image `lastImage` (its index makes the total). */
function mediaConvertEntry(lastImage: string): string {
  const detail = { jobId: 'local-job-1', status: 'COMPLETE', outputGroupDetails: [{ type: 'FILE_GROUP', outputDetails: [{ outputFilePaths: [lastImage] }] }] };
  return JSON.stringify([{ Source: 'aws.mediaconvert', DetailType: 'MediaConvert Job State Change', Detail: JSON.stringify(detail) }]);
}

/** One line for a failure to start, never a stack trace; the usage after a bad command line. */
function fail(error: Error): void {
  if (stopping) return;
  if (error instanceof UsageError) {
    console.error(`npm start: ${error.message}\n\n${START_USAGE}`);
    process.exit(2);
  }
  const hint = error instanceof ListenError ? ` (choose another port with ${error.option} N; ${error.option} 0 picks a free one)` : '';
  console.error(`local stack failed to start: ${error.message}${hint}`);
  process.exit(1);
}

main().catch(fail);
