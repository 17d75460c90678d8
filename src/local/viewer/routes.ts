// The viewer's routes: the pages, the JSON API the pages poll, the S3 proxy and the upload. Every
// refusal answers JSON {"error": "<source>: <reason>"} with its status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ViewerRequestError } from './errors';
import { ffmpegProblem, type FfmpegTools } from './ffmpeg';
import { proxyObject } from './s3-proxy';
import { staticFile } from './static-files';
import { acceptUpload } from './uploads';
import { listVideos, videoDetail, type VideoSources } from './videos';

export interface ViewerContext extends VideoSources {
  ffmpeg: FfmpegTools;
}

type Route = (context: ViewerContext, request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>;

const PAGES: Record<string, string> = { '/': 'index.html', '/video': 'video.html' };

const GET_ROUTES: Record<string, Route> = {
  '/api/videos': async (context, _request, response) => sendJson(response, 200, await listVideos(context)),
  '/api/video': async (context, _request, response, url) => {
    const videoId = url.searchParams.get('id') ?? '';
    const detail = await videoDetail(context, videoId);
    if (!detail) throw new ViewerRequestError(404, 'no such video: the tracking table has no record of it and the input bucket no frames', videoId || '(no id)');
    sendJson(response, 200, detail);
  },
  '/api/capabilities': async (context, _request, response) => sendJson(response, 200, { videoUploadProblem: (await ffmpegProblem(context.ffmpeg)) ?? null }),
};

export async function route(context: ViewerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://viewer');
  try {
    await dispatch(context, request, response, url);
  } catch (error) {
    if (response.headersSent) return void response.destroy(error as Error);
    if (error instanceof ViewerRequestError) return sendJson(response, error.status, { error: error.message });
    sendJson(response, 500, { error: `${url.pathname}: ${(error as Error).message}` });
  }
}

async function dispatch(context: ViewerContext, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const { pathname } = url;
  const reading = request.method === 'GET' || request.method === 'HEAD';
  if (pathname === '/api/upload') {
    if (request.method !== 'POST') throw new ViewerRequestError(405, 'uploads are POSTed', pathname);
    return sendJson(response, 201, await acceptUpload(context.s3, context.ffmpeg, request, url.searchParams));
  }
  if (!reading) throw new ViewerRequestError(405, `${request.method} is not answered here`, pathname);
  if (pathname.startsWith('/s3/')) return proxyObject(context.s3, decodeURIComponent(pathname.slice('/s3/'.length)), request, response);
  const page = PAGES[pathname] ?? (pathname.startsWith('/static/') ? pathname.slice('/static/'.length) : undefined);
  if (page !== undefined) {
    const { type, bytes } = await staticFile(page);
    response.writeHead(200, { 'content-type': type, 'content-length': bytes.length, 'cache-control': 'no-cache' });
    return void response.end(request.method === 'HEAD' ? undefined : bytes);
  }
  const handler = GET_ROUTES[pathname];
  if (!handler) throw new ViewerRequestError(404, 'no such page', pathname);
  await handler(context, request, response, url);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length, 'cache-control': 'no-cache' });
  response.end(bytes);
}
