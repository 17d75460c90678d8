// Screenshots of the local stack's viewer for the docs, run by hand after a change to the pages:
//
//   npm run build && node dist/scripts/viewer-screenshots.js
//
// Starts a local stack on free ports in a temporary folder with the demo video and a copy of it
// whose frame 40 is broken (so the timeline shows a failed and a filled frame), waits until both
// are stitched, and saves docs/images/viewer-list.png and docs/images/viewer-video.png from
// Debian's Chromium (headless, through playwright-core).
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { chromium } from 'playwright-core';
import { INPUT_BUCKET, LOCAL_REGION } from '../src/local/buckets';
import { DEMO_PHOTO, DEMO_VIDEO, demoVideoFrames } from '../src/local/demo-video';
import { S3RVER_CREDENTIALS } from '../src/local/s3-server';
import { startLocalStack } from '../src/local/stack';

const ROOT = join(__dirname, '..', '..');
const IMAGES = join(ROOT, 'docs', 'images');
const WITH_A_FAILURE = 'demo-pan-with-a-failure';
const BROKEN_FRAME = 40;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--proxy-server=127.0.0.1:9', '--proxy-bypass-list=127.0.0.1'];

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'viewer-screenshots-'));
  const stack = await startLocalStack({ port: 0, dynamoPort: 0, eventsPort: 0, uiPort: 0, dataDir: join(scratch, 'data'), retries: 0, sweepIntervalMs: 500, env: { LOG_LEVEL: 'SILENT' }, print: () => undefined });
  const browser = await chromium.launchPersistentContext(join(scratch, 'profile'), { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 760 } });
  try {
    await stack.uploadDemoVideo();
    await uploadWithAFailure(stack.endpoint);
    await stack.idle();
    await mkdir(IMAGES, { recursive: true });
    const page = await browser.newPage();
    await page.goto(`${stack.uiEndpoint}/`);
    await page.locator(`tr[data-video="${WITH_A_FAILURE}"]`, { hasText: 'ready' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(IMAGES, 'viewer-list.png') });
    await page.goto(`${stack.uiEndpoint}/video?id=${WITH_A_FAILURE}`);
    await page.locator('#timeline .mark.filled').waitFor({ timeout: 60_000 });
    await page.waitForFunction("document.getElementById('edges').readyState >= 2");
    const shown = BROKEN_FRAME + 8;
    await page.evaluate(`document.getElementById('edges').currentTime = ${shown / DEMO_VIDEO.frameRate}`);
    await page.waitForFunction(`document.getElementById('flipbook').dataset.index === '${shown}' && document.getElementById('flipbook').complete`);
    await page.screenshot({ path: join(IMAGES, 'viewer-video.png'), fullPage: true });
    console.log(`saved ${join(IMAGES, 'viewer-list.png')} and ${join(IMAGES, 'viewer-video.png')}`);
  } finally {
    await browser.close();
    await stack.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The demo's frames again under another id, frame BROKEN_FRAME not a JPEG, then its capture.json. */
async function uploadWithAFailure(endpoint: string): Promise<void> {
  const frames = demoVideoFrames(await readFile(DEMO_PHOTO));
  const client = new S3Client({ region: LOCAL_REGION, endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  const put = (Key: string, Body: Uint8Array | string) => client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key, Body }));
  try {
    for (const [index, bytes] of frames.entries()) await put(`${WITH_A_FAILURE}/frame.${String(index).padStart(7, '0')}.jpg`, index === BROKEN_FRAME ? 'a broken frame' : bytes);
    await put(`${WITH_A_FAILURE}/capture.json`, JSON.stringify({ totalFrames: frames.length, frameRate: DEMO_VIDEO.frameRate }));
  } finally {
    client.destroy();
  }
}

main().catch((error: Error) => {
  console.error(`viewer screenshots failed: ${error.message}`);
  process.exit(1);
});
