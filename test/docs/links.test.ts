// Every relative link in the README and the guide leads somewhere: to a file or folder of the
// checkout and, when it names one, to a heading or an <a id> of that page.
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { anchors, documentationPages, githubSlug, readPage, relativeLinks, ROOT } from './markdown';

/** What is wrong with `target`, linked from `page`, or undefined when it resolves. */
function brokenLink(page: string, target: string): string | undefined {
  const [path, anchor] = target.split('#', 2);
  const file = path === '' ? page : normalize(join(dirname(page), decodeURIComponent(path)));
  if (file.startsWith('..')) return `${file} is outside the checkout`;
  if (!existsSync(join(ROOT, file))) return `${file} does not exist`;
  if (anchor === undefined) return undefined;
  if (!file.endsWith('.md') || statSync(join(ROOT, file)).isDirectory()) return `#${anchor}: ${file} is not a page with headings`;
  return anchors(readPage(file)).has(anchor) ? undefined : `${file} has no heading or anchor #${anchor}`;
}

describe('the documentation: links', () => {
  for (const page of documentationPages()) {
    it(`${page}: every relative link resolves to a file and anchor`, () => {
      const broken = relativeLinks(readPage(page))
        .map((link) => ({ link, reason: brokenLink(page, link.target) }))
        .filter(({ reason }) => reason !== undefined)
        .map(({ link, reason }) => `${page}:${link.line} (${link.target}): ${reason}`);
      assert.deepEqual(broken, []);
    });
  }

  it('finds the links and anchors it checks (the checker itself)', () => {
    const text = '# A `b` (c.ts)\n\n[x](#a-b-cts) ![y](img.png) [z](https://example.com) `[no](#code)`\n\n```sh\n[no](#fence)\n```\n\n## A `b` (c.ts)\n';
    assert.deepEqual(relativeLinks(text).map((link) => link.target), ['#a-b-cts', 'img.png']);
    assert.deepEqual([...anchors(text)], ['a-b-cts', 'a-b-cts-1']);
    assert.equal(githubSlug("One video's edge video (`frame-processor video`)"), 'one-videos-edge-video-frame-processor-video');
    assert.equal(brokenLink('README.md', 'docs/cli.md#no-such-heading'), 'docs/cli.md has no heading or anchor #no-such-heading');
    assert.equal(brokenLink('docs/README.md', 'missing.md'), 'docs/missing.md does not exist');
  });
});
