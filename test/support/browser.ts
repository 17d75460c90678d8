// A real browser for video tests: Debian's chromium driven by playwright-core (no browser
// download), headless, with a fresh profile, kept off the network (every request goes to a
// dead proxy except loopback). Videos are served by a loopback Range server, with the page, so
// a <video> frame can be drawn to a canvas and read back.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startRangeServer, type RangeServer } from './range-server';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--proxy-server=127.0.0.1:9', '--proxy-bypass-list=127.0.0.1',
  '--autoplay-policy=no-user-gesture-required',
];

export interface VideoFacts {
  duration: number;
  videoWidth: number;
  videoHeight: number;
}

export interface VideoPage {
  /** Loads the video; rejects with the media error if the browser refuses it. */
  load(): Promise<VideoFacts>;
  /** Plays from the start at `rate` (muted) until `ended`; returns the final currentTime. */
  playToEnd(rate: number, timeoutMs: number): Promise<number>;
  /** Seeks to `seconds`, waits for `seeked`, draws the frame and returns its RGBA pixels. */
  frameAt(seconds: number): Promise<Uint8Array>;
}

export interface VideoBrowser {
  server: RangeServer;
  /** Serves `mp4` and opens a page with a <video> of it. */
  open(mp4: Uint8Array): Promise<VideoPage>;
  close(): Promise<void>;
}

/** Starts chromium and the loopback server; fails clearly if chromium is not installed. */
export async function launchVideoBrowser(): Promise<VideoBrowser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no browser at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium)`);
  const profile = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
  const server = await startRangeServer();
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    await server.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  let opened = 0;
  return {
    server,
    async open(mp4) {
      const name = `video-${++opened}`;
      server.serve(`/${name}.mp4`, mp4, 'video/mp4');
      server.serve(`/${name}.html`, Buffer.from(`<!doctype html><video id="v" muted preload="auto" src="/${name}.mp4"></video><canvas id="c"></canvas><script>${PAGE_SCRIPT}</script>`), 'text/html');
      const page = await context.newPage();
      await page.goto(`${server.origin}/${name}.html`);
      return videoPage(page);
    },
    async close() {
      await context.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

// The page's own script (plain JavaScript: functions handed to page.evaluate are compiled by tsx,
// whose name-keeping helper does not exist in the page). It resolves with plain data only.
const PAGE_SCRIPT = `
const video = document.getElementById('v');
const canvas = document.getElementById('c');
function mediaError() { return new Error('media error ' + (video.error && video.error.code) + ': ' + (video.error && video.error.message)); }
window.videoTest = {
  load() {
    return new Promise((resolve, reject) => {
      function done() { resolve({ duration: video.duration, videoWidth: video.videoWidth, videoHeight: video.videoHeight }); }
      if (video.error) return reject(mediaError());
      if (video.readyState >= 2) return done();
      video.addEventListener('loadeddata', done, { once: true });
      video.addEventListener('error', () => reject(mediaError()), { once: true });
    });
  },
  playToEnd(rate, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ended event within ' + timeoutMs + ' ms (at ' + video.currentTime + ' s)')), timeoutMs);
      video.addEventListener('ended', () => { clearTimeout(timer); resolve(video.currentTime); }, { once: true });
      video.addEventListener('error', () => reject(mediaError()), { once: true });
      video.currentTime = 0;
      video.playbackRate = rate;
      video.play().catch(reject);
    });
  },
  frameAt(seconds) {
    // 'seeked' can fire before the compositor holds the new frame (seen on a busy machine: the
    // previous frame drawn), so the picture is read once a frame for the new position has been
    // presented too (requestVideoFrameCallback). Seeking to the frame already shown presents
    // nothing new, so that wait gives up after a second and draws what is there.
    return new Promise((resolve, reject) => {
      video.pause();
      let seeked = false;
      let presented = false;
      let drawn = false;
      function draw() {
        if (drawn) return;
        drawn = true;
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        const context = canvas.getContext('2d', { willReadFrequently: true });
        context.drawImage(video, 0, 0);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let binary = '';
        for (let i = 0; i < pixels.length; i += 0x8000) binary += String.fromCharCode(...pixels.subarray(i, i + 0x8000));
        resolve(btoa(binary));
      }
      video.requestVideoFrameCallback(() => { presented = true; if (seeked) draw(); });
      video.addEventListener('seeked', () => {
        seeked = true;
        if (presented) return draw();
        setTimeout(draw, 1000);
      }, { once: true });
      video.addEventListener('error', () => reject(mediaError()), { once: true });
      video.currentTime = seconds;
    });
  },
};
`;

/** Calls one of the page script's functions. */
function call<T>(page: Page, method: 'load' | 'playToEnd' | 'frameAt', ...args: number[]): Promise<T> {
  return page.evaluate(({ method, args }) => (globalThis as unknown as { videoTest: Record<string, (...a: number[]) => Promise<T>> }).videoTest[method](...args), { method, args });
}

function videoPage(page: Page): VideoPage {
  return {
    load: () => call<VideoFacts>(page, 'load'),
    playToEnd: (rate, timeoutMs) => call<number>(page, 'playToEnd', rate, timeoutMs),
    frameAt: async (seconds) => Uint8Array.from(Buffer.from(await call<string>(page, 'frameAt', seconds), 'base64')),
  };
}
