// Every command the README and the guide show is run, or says why not. Each page's ```sh/```bash
// blocks run in order in one shell session (what a block exports, the next one sees), in a
// scratch folder of their own that links to everything in the checkout (so `samples/`, `dist/` and
// `npm` work, and what a command writes lands in the scratch folder), against a local stack
// this test starts on free ports: the pages' default addresses (127.0.0.1:4569 for S3, :4570 for
// DynamoDB) and data folder (.data/local-stack) are replaced by the test stack's. A block is not
// run only when the HTML comment right before it says why: `<!-- needs an AWS account -->`, or
// `<!-- not run by the docs test: REASON -->` (kept few: the list is asserted below).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../../src/local/stack';
import { assertFreshBuild } from '../support/build-freshness';
import { documentationPages, fences, readPage, ROOT, SHELL_LANGUAGES, type Fence } from './markdown';

const AWS_MARK = 'needs an AWS account';
const NOT_RUN = /^not run by the docs test: (.{12,})$/;
/** The blocks allowed to say "not run by the docs test": raise this only with a reason in the page. */
const MOST_NOT_RUN = 5;
const BLOCK_TIMEOUT_MS = 120_000;

type Block = Fence & { page: string; mark?: string };

function blocksOf(page: string): Block[] {
  return fences(readPage(page))
    .filter((fence) => SHELL_LANGUAGES.has(fence.language))
    .map((fence) => ({ ...fence, page, mark: fence.comment === AWS_MARK || NOT_RUN.test(fence.comment ?? '') ? fence.comment : undefined }));
}

/** What a reader brings to a page before its first block (the README's tour starts from their own video). */
const PREPARE: Record<string, (scratch: string) => void> = {
  'README.md': (scratch) => {
    const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=25', '-t', '1', '-pix_fmt', 'yuv420p', join(scratch, 'my-video.mp4')], { encoding: 'utf8' });
    assert.equal(made.status, 0, `ffmpeg could not make the reader's video: ${made.stderr}`);
  },
};

/** A folder of links to every top-level entry of the checkout but its local stack data. */
function scratchFolder(): string {
  const scratch = mkdtempSync(join(tmpdir(), 'frame-processor-docs-'));
  for (const name of readdirSync(ROOT)) if (name !== '.data') symlinkSync(join(ROOT, name), join(scratch, name));
  return scratch;
}

/** A page's shell session: one state file carries the exported variables from block to block. */
class Session {
  readonly scratch = scratchFolder();
  private readonly stateDir = mkdtempSync(join(tmpdir(), 'frame-processor-docs-state-'));
  private readonly state = join(this.stateDir, 'exports.sh');

  /** `replacements`: the pages' default addresses and folder, and the test stack's in their place. */
  constructor(private readonly replacements: [string, string][]) {
    writeFileSync(this.state, '');
  }

  /** Runs one block with `bash -e -o pipefail`; resolves with its exit code and output. */
  run(code: string): Promise<{ code: number | null; output: string }> {
    const script = `source ${JSON.stringify(this.state)}\ncd ${JSON.stringify(this.scratch)}\nset -e -o pipefail\n${this.localised(code)}\nexport -p > ${JSON.stringify(this.state)}\n`;
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
    return new Promise((resolve) => {
      const child = spawn('bash', ['-c', script], { env, detached: true });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), BLOCK_TIMEOUT_MS);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  private localised(code: string): string {
    return this.replacements.reduce((text, [from, to]) => text.replaceAll(from, to), code);
  }

  close(): void {
    rmSync(this.scratch, { recursive: true, force: true });
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

describe('the documentation: every command is run or marked', function () {
  this.timeout(BLOCK_TIMEOUT_MS + 30_000);
  const pages = documentationPages().map((page) => ({ page, blocks: blocksOf(page) }));
  let stack: LocalStack;
  let dataDir: string;
  const stackLines: string[] = [];

  before(async () => {
    assertFreshBuild('dist');
    dataDir = mkdtempSync(join(tmpdir(), 'frame-processor-docs-stack-'));
    stack = await startLocalStack({ port: 0, dynamoPort: 0, eventsPort: 0, dataDir, concurrency: 2, env: { LOG_LEVEL: 'WARN' }, handlerLog: join(dataDir, 'handler-log.jsonl'), print: (line) => stackLines.push(line) });
    await stack.uploadSamples(join(ROOT, 'samples'));
    await stack.idle();
  });
  after(async () => {
    await stack?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shell blocks are fenced as sh or bash, and a comment right before one is a known mark', () => {
    const all = pages.flatMap(({ blocks }) => blocks);
    assert.deepEqual(all.filter((block) => block.language !== 'sh' && block.language !== 'bash').map((block) => `${block.page}:${block.line} ${block.language}`), []);
    assert.deepEqual(all.filter((block) => block.comment !== undefined && block.mark === undefined).map((block) => `${block.page}:${block.line} <!-- ${block.comment} -->`), []);
    const notRun = all.filter((block) => block.mark !== undefined && block.mark !== AWS_MARK);
    assert.ok(notRun.length <= MOST_NOT_RUN, `more blocks are "not run" than allowed:\n${notRun.map((block) => `${block.page}:${block.line} ${block.mark}`).join('\n')}`);
  });

  it('reads a block and the mark right before it (the reader itself)', () => {
    const text = 'Intro\n\n<!-- needs an AWS account -->\n```sh\naws s3 ls\n```\n\n<!-- a remark -->\n\nText.\n\n```bash\necho one\necho two\n```\n\n````\n```sh\nnot a block\n```\n````\n';
    assert.deepEqual(fences(text), [
      { line: 4, language: 'sh', code: 'aws s3 ls', comment: AWS_MARK },
      { line: 12, language: 'bash', code: 'echo one\necho two', comment: undefined },
      { line: 17, language: '', code: '```sh\nnot a block\n```', comment: undefined },
    ]);
  });

  for (const { page, blocks } of pages.filter(({ blocks }) => blocks.some((block) => block.mark === undefined))) {
    describe(page, () => {
      let session: Session;
      before(() => {
        session = new Session([
          ['127.0.0.1:4569', new URL(stack.endpoint).host],
          ['127.0.0.1:4570', new URL(stack.dynamoEndpoint).host],
          ['.data/local-stack', dataDir],
        ]);
        PREPARE[page]?.(session.scratch);
      });
      after(() => session?.close());

      for (const block of blocks.filter((each) => each.mark === undefined)) {
        it(`line ${block.line}: ${block.code.split('\n')[0].slice(0, 80)}`, async () => {
          const run = await session.run(block.code);
          assert.equal(run.code, 0, `${page}:${block.line} exited with ${run.code}:\n${run.output}\nthe test stack said:\n${stackLines.slice(-20).join('\n')}`);
        });
      }
    });
  }
});
