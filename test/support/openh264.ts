// The second decoder of the H.264 tests: Cisco's OpenH264 (Debian's libopenh264-dev) through our
// own small C front end (openh264-decode.c), built with the machine's gcc once per test process
// into a fresh temporary directory. A missing compiler or library is a failure that says what to
// install, never a skip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = join(__dirname, 'openh264-decode.c');
const INSTALL = 'install them with `apt-get install -y gcc libopenh264-dev` (.ci/run does)';

let built: string | undefined;

/** Builds the front end (once per process) and returns its path; throws naming the packages if it cannot. */
export function requireOpenH264(): string {
  if (built) return built;
  const binary = join(mkdtempSync(join(tmpdir(), 'frame-processor-openh264-')), 'openh264-decode');
  const result = spawnSync('gcc', ['-O2', '-Wall', '-Werror', '-o', binary, SOURCE, '-lopenh264'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    const why = result.error?.message ?? result.stderr.trim();
    throw new Error(`the H.264 tests decode with OpenH264 through test/support/openh264-decode.c, which did not build (${why}): they need gcc and libopenh264-dev; ${INSTALL}`);
  }
  built = binary;
  return binary;
}

/** The luma of every picture OpenH264 decodes from an Annex B stream, each width x height; throws on any decoder complaint. */
export function decodeOpenH264(stream: Uint8Array, width: number, height: number): Uint8Array[] {
  const result = spawnSync(requireOpenH264(), [], { input: stream, maxBuffer: 1 << 30 });
  const messages = result.stderr.toString().trim();
  const summary = /^openh264: (\d+) frames (\d+)x(\d+)$/.exec(messages);
  if (result.status !== 0 || !summary) throw new Error(`OpenH264 reported: ${messages || `exit ${result.status}`}`);
  const frames = Number(summary[1]);
  if (frames > 0 && (Number(summary[2]) !== width || Number(summary[3]) !== height)) throw new Error(`OpenH264 decoded ${summary[2]}x${summary[3]} pictures, expected ${width}x${height}`);
  const out = new Uint8Array(result.stdout.buffer, result.stdout.byteOffset, result.stdout.byteLength);
  if (out.length !== frames * width * height) throw new Error(`OpenH264 wrote ${out.length} bytes for ${frames} pictures of ${width}x${height}`);
  return Array.from({ length: frames }, (_, i) => out.subarray(i * width * height, (i + 1) * width * height));
}
