// The parts of the README and the guide (docs/*.md) that the docs tests check: fenced shell
// blocks with the comment that may stand right before each, relative links, and the anchors
// GitHub gives headings. Plain line scanning: the pages keep to simple Markdown.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** The README and every page of the guide, as paths relative to the checkout. */
export function documentationPages(): string[] {
  const guide = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).sort();
  return ['README.md', ...guide.map((name) => `docs/${name}`)];
}

export function readPage(page: string): string {
  return readFileSync(join(ROOT, page), 'utf8');
}

/** Languages that mark a fence as commands to type; only `sh` and `bash` are allowed for them. */
export const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console', 'zsh', 'shell-session']);

export interface Fence {
  /** 1-based line of the opening fence. */
  line: number;
  language: string;
  code: string;
  /** The HTML comment on the last non-blank line before the fence, without `<!--` and `-->`. */
  comment?: string;
}

/** Every fenced block of a page, in order. */
export function fences(text: string): Fence[] {
  const lines = text.split('\n');
  const found: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith(open[1]) && line.trim() === open[1]);
    if (end < 0) throw new Error(`line ${i + 1}: a fence that is never closed`);
    found.push({ line: i + 1, language: open[2], code: lines.slice(i + 1, end).join('\n'), comment: commentBefore(lines, i) });
    i = end;
  }
  return found;
}

function commentBefore(lines: string[], index: number): string | undefined {
  let j = index - 1;
  while (j >= 0 && lines[j].trim() === '') j--;
  const match = j >= 0 ? /^<!--\s*(.*?)\s*-->$/.exec(lines[j].trim()) : null;
  return match?.[1];
}

/** The text outside fences, with inline code blanked, so links and headings in examples are ignored. */
function prose(text: string): string[] {
  const lines = text.split('\n');
  let fence: string | undefined;
  return lines.map((line) => {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && line.trim() === fence) fence = undefined;
      return '';
    }
    if (marker) {
      fence = marker;
      return '';
    }
    return line.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
  });
}

export interface Link {
  line: number;
  target: string;
}

/** Links and images that point into the repository (not http:, https:, mailto:); link text may wrap. */
export function relativeLinks(text: string): Link[] {
  const body = prose(text).join('\n');
  const links: Link[] = [];
  for (const match of body.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const line = body.slice(0, match.index).split('\n').length;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(match[1])) links.push({ line, target: match[1] });
  }
  return links;
}

/** The anchors of a page: its headings as GitHub names them (repeats get -1, -2...) and `<a id>`s. */
export function anchors(text: string): Set<string> {
  const names = new Set<string>();
  const seen = new Map<string, number>();
  const lines = text.split('\n');
  let fence: string | undefined;
  for (const line of lines) {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && line.trim() === fence) fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      continue;
    }
    for (const match of line.matchAll(/<a id="([^"]+)"/g)) names.add(match[1]);
    const heading = /^#{1,6}\s+(.*?)\s*#*$/.exec(line);
    if (!heading) continue;
    const slug = githubSlug(heading[1]);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    names.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return names;
}

/** GitHub's heading anchor: link text kept, markup and punctuation dropped, lower case, spaces to '-'. */
export function githubSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}
