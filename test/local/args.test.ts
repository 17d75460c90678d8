// `npm start`'s options, parsed in-process (the script run as a user runs it: npm-start.test.ts).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../../src/core/errors';
import { DEFAULT_DYNAMO_PORT, DEFAULT_EVENTS_PORT, DEFAULT_PORT, DEFAULT_UI_PORT, parseStartArgs, START_USAGE } from '../../src/local/args';

const ROOT = join(__dirname, '..', '..');

describe('local stack: `npm start` options', () => {
  let scratch: string;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'frame-processor-start-args-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it("default to port 4569, .data/local-stack and the samples folder, the handler's logs to a file", () => {
    const options = parseStartArgs([]);

    assert.deepEqual(options, { port: DEFAULT_PORT, dynamoPort: DEFAULT_DYNAMO_PORT, eventsPort: DEFAULT_EVENTS_PORT, uiPort: DEFAULT_UI_PORT, dataDir: resolve('.data/local-stack'), samplesDir: resolve('samples'), demo: true, concurrency: undefined, blurMethod: undefined, verbose: false });
    assert.equal(DEFAULT_PORT, 4569);
  });

  it('take every option, with the folders made absolute', () => {
    const options = parseStartArgs(['--port', '0', '--dynamo-port', '0', '--events-port', '0', '--ui-port', '0', '--data-dir', 'here', '--samples-dir', scratch, '--no-demo', '--concurrency', '3', '--blur-method', 'exact', '--verbose']);

    assert.deepEqual(options, { port: 0, dynamoPort: 0, eventsPort: 0, uiPort: 0, dataDir: resolve('here'), samplesDir: scratch, demo: false, concurrency: 3, blurMethod: 'exact', verbose: true });
    assert.deepEqual([parseStartArgs(['--no-samples'])?.samplesDir, parseStartArgs(['--no-samples'])?.demo], [undefined, false], 'no samples, no demo video');
  });

  it('refuse unknown options, positional arguments and options missing their argument', () => {
    assert.throws(() => parseStartArgs(['--prot', '4570']), usageError(/Unknown option '--prot'/));
    assert.throws(() => parseStartArgs(['4570']), usageError(/Unexpected argument '4570'/));
    assert.throws(() => parseStartArgs(['--port']), usageError(/Option '--port <value>' argument missing/));
    assert.throws(() => parseStartArgs(['--data-dir']), usageError(/Option '--data-dir <value>' argument missing/));
    assert.throws(() => parseStartArgs(['--blur-method', 'slow']), usageError(/^--blur-method must be exact or fast, got "slow"$/));
  });

  it('refuse ports and concurrencies out of range, naming the option and the value', () => {
    assert.throws(() => parseStartArgs(['--port', '65536']), usageError(/^--port must be an integer .*65535, got "65536"$/));
    assert.throws(() => parseStartArgs(['--port', 'http']), usageError(/^--port must be .*, got "http"$/));
    assert.throws(() => parseStartArgs(['--port', '-1']), usageError(/^--port must be .*, got "-1" \(a negative value is invalid\)$/));
    assert.throws(() => parseStartArgs(['--concurrency', '0']), usageError(/^--concurrency must be .*, got "0"$/));
    assert.throws(() => parseStartArgs(['--ui-port', '70000']), usageError(/^--ui-port must be an integer .*65535, got "70000"$/));
  });

  it('refuse a samples folder that does not exist or is a file, and --samples-dir with --no-samples', async () => {
    const file = join(scratch, 'frame.jpg');
    await writeFile(file, 'not a folder');

    assert.throws(() => parseStartArgs(['--samples-dir', join(scratch, 'nowhere')]), usageError(/^--samples-dir .*nowhere: no such folder/));
    assert.throws(() => parseStartArgs(['--samples-dir', file]), usageError(/^--samples-dir .*frame\.jpg: not a folder$/));
    assert.throws(() => parseStartArgs(['--no-samples', '--samples-dir', scratch]), usageError(/exclude each other/));
  });

  it('return null for --help, whose text is in docs/local-stack.md word for word', async () => {
    const guide = await readFile(join(ROOT, 'docs', 'local-stack.md'), 'utf8');

    assert.equal(parseStartArgs(['--help']), null);
    assert.equal(parseStartArgs(['-h']), null);
    assert.ok(guide.includes(START_USAGE), 'docs/local-stack.md shows the text of `npm start -- --help`');
  });
});

function usageError(message: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof UsageError && message.test(error.message);
}
