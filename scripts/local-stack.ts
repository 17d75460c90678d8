// `npm start`: the local stack (src/local/stack.ts) until Ctrl-C.
// Usage: npm start -- [--port 4569] [--data-dir .data/local-stack] [--no-samples] [--concurrency N]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { INPUT_BUCKET, LOCAL_REGION, OUTPUT_BUCKET } from '../src/local/buckets';
import { startLocalStack } from '../src/local/stack';
import { S3RVER_CREDENTIALS } from '../src/local/s3-server';
import { describeRule, parseNumber, type NumberRule } from '../src/core/settings';

const PORT_RULE: NumberRule = { integer: true, min: 0, max: 65535 };
const CONCURRENCY_RULE: NumberRule = { integer: true, min: 1, max: 64 };

const USAGE = `Usage: npm start -- [options]
  --port N          port of the S3 server on 127.0.0.1 (default 4569; 0 picks a free one)
  --data-dir DIR    where buckets and objects are kept (default .data/local-stack)
  --samples-dir DIR sample frames uploaded at start (default samples)
  --no-samples      do not upload the sample frames
  --concurrency N   invocations at once (default: CPUs - 1, at most 4)
Handler settings come from the environment as on Lambda: BLUR_MODIFIER, JPEG_QUALITY,
OUTPUT_FORMAT, MAX_INPUT_BYTES, MAX_PIXELS, LOG_LEVEL (default WARN here).`;

async function main(): Promise<void> {
  // Lambda runs Node 22; the SDK's warning that its 2027 releases need it is noise on a local Node 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4569' },
      'data-dir': { type: 'string', default: '.data/local-stack' },
      'samples-dir': { type: 'string', default: 'samples' },
      'no-samples': { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const port = wholeNumber('--port', values.port, PORT_RULE);
  const concurrency = values.concurrency === undefined ? undefined : wholeNumber('--concurrency', values.concurrency, CONCURRENCY_RULE);
  const dataDir = resolve(values['data-dir']);
  const samplesDir = values['no-samples'] ? undefined : resolve(values['samples-dir']);
  const stack = await startLocalStack({ port, dataDir, concurrency });
  process.once('SIGINT', () => void stop(stack));
  process.once('SIGTERM', () => void stop(stack));
  console.log(banner(stack.endpoint, dataDir));
  if (!samplesDir) return;
  if (!existsSync(samplesDir)) return console.log(`no sample frames: ${samplesDir} does not exist`);
  const keys = await stack.uploadSamples(samplesDir);
  console.log(`uploaded ${keys.length} sample frames from ${samplesDir} to ${INPUT_BUCKET}`);
}

async function stop(stack: Awaited<ReturnType<typeof startLocalStack>>): Promise<void> {
  console.log('\nstopping: letting running invocations finish...');
  const left = await stack.close();
  const { succeeded, failed, retried } = stack.stats;
  console.log(`${succeeded} invocations succeeded, ${failed} failed after retries, ${retried} retried`);
  if (left > 0) console.log(`${left} queued uploads were not processed (they are still in ${INPUT_BUCKET})`);
  process.exit(0);
}

function banner(endpoint: string, dataDir: string): string {
  const { accessKeyId, secretAccessKey } = S3RVER_CREDENTIALS;
  return `
frame-processor local stack
  S3 endpoint    ${endpoint} (path-style URLs, region ${LOCAL_REGION})
  credentials    access key id ${accessKeyId}, secret access key ${secretAccessKey}
  input bucket   ${INPUT_BUCKET}  (every .jpg/.jpeg created here is processed)
  output bucket  ${OUTPUT_BUCKET}
  data folder    ${dataDir}

Upload with any S3 client, for example the AWS CLI:
  export AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_REGION=${LOCAL_REGION}
  aws --endpoint-url ${endpoint} s3 cp frame.jpg s3://${INPUT_BUCKET}/camera-1/frame.jpg
  aws --endpoint-url ${endpoint} s3 ls s3://${OUTPUT_BUCKET}/ --recursive
  aws --endpoint-url ${endpoint} s3 cp s3://${OUTPUT_BUCKET}/camera-1/frame.jpg edges.jpg
Processing new uploads until Ctrl-C.
`;
}

function wholeNumber(option: string, text: string, rule: NumberRule): number {
  const value = parseNumber(text, rule);
  if (value === undefined) {
    console.error(`${option} ${JSON.stringify(text)}: must be ${describeRule(rule)}`);
    process.exit(2);
  }
  return value;
}

main().catch((error: Error) => {
  console.error(`local stack failed to start: ${error.message}`);
  process.exit(1);
});
