// The viewer's pages: plain HTML, CSS and JavaScript files in public/, served from the source
// folder as they are (no build step; they never reach a Lambda bundle).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { ViewerRequestError } from './errors';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** src/local/viewer/public, found from this file whether it runs from src/ (tsx) or dist/src/. */
export const PUBLIC_DIR = publicDir(__dirname);

/** A page file by its name (`index.html`, `viewer.css`...): only the files of public/, nothing under it. */
export async function staticFile(name: string): Promise<{ type: string; bytes: Buffer }> {
  const type = TYPES[extname(name)];
  if (!/^[a-z0-9-]+\.[a-z]+$/.test(name) || !type) throw new ViewerRequestError(404, 'no such page', `/${name}`);
  const bytes = await readFile(join(PUBLIC_DIR, name)).catch(() => {
    throw new ViewerRequestError(404, 'no such page', `/${name}`);
  });
  return { type, bytes };
}

function publicDir(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'src', 'local', 'viewer', 'public');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
  }
  return join(from, 'public');
}
