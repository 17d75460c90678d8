// `frame-processor smoke`: after a deploy (or against `npm start`), a short synthetic video through
// the stack. It uploads the video under a new prefix, waits for each thing the stack makes from it
// (steps.ts), printing the time to every step, removes what it made (cleanup.ts) and exits 0 only
// when everything arrived: 1 when something did not (or was wrong), 2 for a usage error or a stack
// whose outputs cannot be read.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { UsageError } from '../../core/errors';
import { parseSmokeArgs, SMOKE_USAGE, type SmokeOptions } from './args';
import { removeSmokeVideo } from './cleanup';
import { defaultSmokeClients, smokeStack, type SmokeClients, type SmokeStack } from './stack';
import { stepsFor, type Step } from './steps';
import { manifestBody, manifestKey, SMOKE_VIDEO, smokeFrameKey, smokeFrames } from './synthetic-video';

type Say = (line: string) => void;

/** How often a step looks again for what it waits for. */
const POLL_MS = 1000;

export async function smoke(argv: string[], clients: SmokeClients = defaultSmokeClients(), say: Say = (line) => process.stdout.write(`${line}\n`)): Promise<number> {
  let options: SmokeOptions | null;
  let stack: SmokeStack;
  try {
    options = parseSmokeArgs(argv);
    if (!options) return (say(SMOKE_USAGE), 0);
    stack = await smokeStack(options.target, clients);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(`frame-processor: ${error.message}`);
    say(SMOKE_USAGE);
    return 2;
  }
  try {
    return (await runSmoke(stack, options, say)) ? 0 : 1;
  } finally {
    stack.s3.destroy();
    stack.dynamo?.destroy();
  }
}

/** Uploads, waits for every step, cleans up; true when every step arrived and checked out. */
export async function runSmoke(stack: SmokeStack, options: SmokeOptions, say: Say): Promise<boolean> {
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  const at = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const videoId = `smoke-${new Date().toISOString().replace(/[-:]|\.\d+Z$/g, '').replace('T', '-')}-${randomBytes(3).toString('hex')}`;
  const deployed = [stack.trackingTable ? 'tracking' : 'tracking off', stack.edgeVideo ? 'the edge video' : 'no edge video'].join(', ');
  say(`smoke: ${stack.name} (input s3://${stack.inputBucket}, output s3://${stack.outputBucket}; ${deployed})`);
  const uploaded: string[] = [];
  let ok = false;
  try {
    await upload(stack, videoId, uploaded);
    say(`smoke: uploaded ${SMOKE_VIDEO.frames} frames (${SMOKE_VIDEO.width}x${SMOKE_VIDEO.height}) and capture.json to s3://${stack.inputBucket}/${videoId}/ (${at()})`);
    ok = await waitForSteps(stepsFor(stack, videoId), deadline, (line, stepMs) => say(`smoke: ${line} (${(stepMs / 1000).toFixed(1)} s; ${at()} from the start)`));
  } catch (error) {
    say(`smoke: FAILED: ${(error as Error).name}: ${(error as Error).message} (${at()})`);
  } finally {
    if (options.keep) say(`smoke: kept s3://${stack.inputBucket}/${videoId}/ and everything made from it (--keep)`);
    else await cleanUp(stack, videoId, uploaded, say);
  }
  say(ok ? `smoke: PASS: everything arrived in ${at()}` : `smoke: FAIL after ${at()}`);
  return ok;
}

async function upload(stack: SmokeStack, videoId: string, uploaded: string[]): Promise<void> {
  for (const [index, body] of smokeFrames().entries()) {
    const key = smokeFrameKey(videoId, index);
    await stack.s3.send(new PutObjectCommand({ Bucket: stack.inputBucket, Key: key, Body: body, ContentType: 'image/jpeg' }));
    uploaded.push(key);
  }
  // The total last, as a capture job writes it: its frames are all there by then.
  await stack.s3.send(new PutObjectCommand({ Bucket: stack.inputBucket, Key: manifestKey(videoId), Body: manifestBody(), ContentType: 'application/json' }));
  uploaded.push(manifestKey(videoId));
}

/** Each step in turn, until it arrives or the deadline passes; false at the first that does not. */
async function waitForSteps(steps: Step[], deadline: number, report: (line: string, stepMs: number) => void): Promise<boolean> {
  for (const [index, step] of steps.entries()) {
    const began = performance.now();
    for (;;) {
      const result = await step.probe();
      if (result) {
        report(`${result.ok ? '' : 'FAILED: '}${step.name}: ${result.detail}`, performance.now() - began);
        if (result.ok) break;
        return false;
      }
      if (performance.now() > deadline) {
        const rest = steps.slice(index + 1).map((next) => next.name);
        report(`FAILED: ${step.name}: not there before the timeout${rest.length > 0 ? `; not reached: ${rest.join(', ')}` : ''}`, performance.now() - began);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  return true;
}

async function cleanUp(stack: SmokeStack, videoId: string, uploaded: string[], say: Say): Promise<void> {
  try {
    say(`smoke: removed ${(await removeSmokeVideo(stack, videoId, uploaded)).join(', ')}`);
  } catch (error) {
    say(`smoke: could not remove everything it made under ${videoId}/: ${(error as Error).message}`);
  }
}
