// The viewer's pages in Debian's Chromium (playwright-core, headless, off the network) against a
// real local stack: the list follows the demo video to complete with no reload, its edge video
// plays to the end, a seek moves the flipbook and the slider seeks the video, failed and filled
// frames are marked, and uploads through the page (a folder, a video file via ffmpeg) complete.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { INPUT_BUCKET } from '../../../src/local/buckets';
import { DEMO_VIDEO } from '../../../src/local/demo-video';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/browser';
import { makeJpeg } from '../../support/jpegs';
import { clientFor } from '../../support/local-stack';
import { startViewerStack, type ViewerStack } from './viewer-stack';

// Plain JavaScript for the page (functions handed to page.evaluate would be compiled by tsx,
// whose helpers do not exist there): plays the edge video from the start, resolves at its end.
const PLAY_TO_END = `new Promise((resolve, reject) => {
  const video = document.getElementById('edges');
  video.addEventListener('ended', () => resolve(video.currentTime), { once: true });
  video.addEventListener('error', () => reject(new Error('media error ' + (video.error && video.error.code))), { once: true });
  video.play().catch(reject);
})`;

describe('local stack: the viewer pages in Chromium', function () {
  this.timeout(60_000);
  let running: ViewerStack;
  let scratch: string;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'frame-processor-viewer-pages-'));
    running = await startViewerStack();
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    page = await context.newPage();
  });
  after(async () => {
    await context?.close();
    await running?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  /** Waits until the flipbook shows the source frame `index`. */
  function flipbookAt(index: number): Promise<unknown> {
    return page.waitForFunction(`document.getElementById('flipbook').dataset.index === '${index}'`);
  }

  /** Waits until the list (already open) shows `videoId` in `state`; returns its row's text. */
  async function listedAs(videoId: string, state: string, timeout = 45_000): Promise<string> {
    const row = page.locator(`tr[data-video="${videoId}"][data-state="${state}"]`);
    await row.waitFor({ timeout });
    return row.innerText();
  }

  it('lists the demo video as it is processed, with no reload, until it is complete with its edge video', async () => {
    await page.goto(`${running.viewer}/`);
    await page.evaluate('window.sameDocument = true');

    await running.stack.uploadDemoVideo();
    const text = await listedAs(DEMO_VIDEO.videoId, 'complete');
    await page.locator(`tr[data-video="${DEMO_VIDEO.videoId}"]`, { hasText: 'ready' }).waitFor({ timeout: 30_000 });

    assert.equal(await page.evaluate('window.sameDocument'), true);
    assert.match(text, /72 processed, 0 failed, of 72/);
    assert.match(text, /\bcomplete\b/);
    assert.match(text, /\bmanifest\b/);
  });

  it("plays the demo's edges.mp4 to the end beside the flipbook, which ends on the last frame", async () => {
    await page.goto(`${running.viewer}/video?id=${DEMO_VIDEO.videoId}`);
    await page.waitForFunction("document.getElementById('edges').readyState >= 2", undefined, { timeout: 20_000 });

    const ended = await page.evaluate<number>(PLAY_TO_END);
    await flipbookAt(71);

    assert.ok(Math.abs(ended - DEMO_VIDEO.frames / DEMO_VIDEO.frameRate) < 0.05, `ended at ${ended} s`);
    assert.equal(await page.locator('#links a', { hasText: 'edges.mp4' }).getAttribute('href'), `/s3/processed-frames/${DEMO_VIDEO.videoId}/edges.mp4`);
    assert.equal(await page.locator('#links a', { hasText: 'video.json' }).getAttribute('href'), `/s3/processed-frames/${DEMO_VIDEO.videoId}/video.json`);
  });

  it('moves the flipbook to the frame a seek lands on, and seeks the video from the slider', async () => {
    await page.evaluate("document.getElementById('edges').currentTime = 1.0");
    await flipbookAt(30);
    await page.waitForFunction("document.getElementById('flipbook').complete");
    const afterSeek = await page.evaluate<{ src: string; width: number }>("({ src: document.getElementById('flipbook').src, width: document.getElementById('flipbook').naturalWidth })");

    await page.locator('#scrub').fill('10');
    await flipbookAt(10);
    const time = await page.evaluate<number>("document.getElementById('edges').currentTime");

    assert.match(afterSeek.src, /\/s3\/raw-frames\/demo-pan\/frame\.0000030\.jpg$/);
    assert.equal(afterSeek.width, DEMO_VIDEO.width);
    assert.ok(Math.abs(time - 10 / DEMO_VIDEO.frameRate) < 1e-6, `the video is at ${time} s`);
  });

  it('marks a failed frame and the frame filled for it on the timeline', async () => {
    const client = clientFor(running.stack.endpoint);
    const put = (Key: string, Body: Uint8Array | string) => client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key, Body }));
    for (const n of [0, 1, 3]) await put(`with-a-failure/frame.000000${n}.jpg`, makeJpeg(64, 48, n));
    await put('with-a-failure/frame.0000002.jpg', 'not a JPEG: this frame fails');
    await put('with-a-failure/capture.json', JSON.stringify({ totalFrames: 4, frameRate: 30 }));
    client.destroy();
    await page.goto(`${running.viewer}/video?id=with-a-failure`);
    await page.locator('#timeline .mark.filled').waitFor({ timeout: 45_000 });

    assert.deepEqual(await page.locator('#timeline .mark.failed').evaluateAll((marks) => marks.map((mark) => mark.getAttribute('title'))), ['failed: with-a-failure/frame.0000002.jpg']);
    assert.deepEqual(await page.locator('#timeline .mark.filled').evaluateAll((marks) => marks.map((mark) => mark.getAttribute('title'))), ["frame 2 shows frame 1's edge map"]);
  });

  it('uploads a folder of frames chosen on the page as a new video that completes', async () => {
    const folder = join(scratch, 'my-frames');
    await mkdir(folder);
    for (let i = 0; i < 6; i++) await writeFile(join(folder, `img${i}.jpg`), makeJpeg(80, 60, 10 + i));

    await page.goto(`${running.viewer}/`);
    await page.locator('#folder-input').setInputFiles(folder);
    await page.locator('#upload-status', { hasText: 'my-frames: 6 frames at 30 fps uploaded' }).waitFor({ timeout: 20_000 });

    assert.match(await listedAs('my-frames', 'complete'), /6 processed, 0 failed, of 6/);
  });

  it('uploads frames dropped on the page as a new video that completes', async () => {
    const frames = [0, 1, 2].map((n) => makeJpeg(72, 40, 20 + n).toString('base64'));

    await page.locator('#video-id').fill('dropped');
    await page.evaluate(`(() => {
      const transfer = new DataTransfer();
      ${JSON.stringify(frames)}.forEach((base64, n) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], 'drop.' + n + '.jpg', { type: 'image/jpeg' }));
      });
      document.getElementById('upload').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    })()`);
    await page.locator('#upload-status', { hasText: 'dropped: 3 frames at 30 fps uploaded' }).waitFor({ timeout: 20_000 });

    assert.match(await listedAs('dropped', 'complete'), /3 processed, 0 failed, of 3/);
  });

  it('uploads a video file that ffmpeg turns into frames at its own rate, as a new video that completes', async () => {
    const clip = join(scratch, 'test clip.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '1', '-pix_fmt', 'yuv420p', clip]);

    await page.locator('#video-input').setInputFiles(clip);
    await page.locator('#upload-status', { hasText: 'test-clip: 10 frames at 10 fps uploaded' }).waitFor({ timeout: 20_000 });

    assert.match(await listedAs('test-clip', 'complete'), /10 processed, 0 failed, of 10/);
  });
});
