// A real local stack with its viewer on free ports, for the viewer's tests; and an upload form as
// the page sends it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../../../src/local/stack';

export interface ViewerStack {
  stack: LocalStack;
  /** The viewer's origin, e.g. http://127.0.0.1:41234 */
  viewer: string;
  close(): Promise<void>;
}

/** `env`: more of the handler's and tracking's settings (VIDEO_STALL_AFTER...). */
export async function startViewerStack(env: Record<string, string> = {}): Promise<ViewerStack> {
  const dir = await mkdtemp(join(tmpdir(), 'frame-processor-viewer-'));
  const stack = await startLocalStack({ port: 0, dynamoPort: 0, eventsPort: 0, uiPort: 0, dataDir: join(dir, 'data'), concurrency: 2, retries: 0, sweepIntervalMs: 500, env: { LOG_LEVEL: 'SILENT', ...env }, print: () => undefined });
  return {
    stack,
    viewer: stack.uiEndpoint!,
    async close() {
      await stack.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs `files` to the viewer's upload as one multipart form, as the page does. */
export async function postUpload(viewer: string, videoId: string, files: { name: string; bytes: Uint8Array }[], frameRate = 30): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  for (const file of files) form.append('file', new Blob([file.bytes]), file.name);
  const response = await fetch(`${viewer}/api/upload?${new URLSearchParams({ video: videoId, frameRate: String(frameRate) })}`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
