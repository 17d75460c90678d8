// `serverless` (osls) run offline as the deploy tests need it: dummy credentials, no telemetry,
// and `serverless package` runs shared between test files (one run per set of parameters), each
// into its own temporary folder, removed when the test process ends. Package runs go one at a
// time: serverless-esbuild builds in the project's own .esbuild/ and .serverless/ folders.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TEST_REGION } from './s3-server';

const run = promisify(execFile);
export const ROOT = join(__dirname, '..', '..');
const SERVERLESS = join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');

export type Resource = { Type: string; Properties: Record<string, any>; Condition?: string; DependsOn?: string[]; DeletionPolicy?: string; UpdateReplacePolicy?: string };
export type Template = { Conditions?: Record<string, unknown>; Resources: Record<string, Resource>; Outputs?: Record<string, unknown> };
export type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };

/** No AWS account, no network: dummy credentials, no telemetry or notifications. */
export function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDUMMYDUMMYDUMMY', AWS_SECRET_ACCESS_KEY: 'dummy-secret', AWS_REGION: TEST_REGION };
  Object.assign(env, { SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_NOTIFICATION_MODE: 'warn' });
  for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3']) delete env[name];
  return env;
}

export interface ServerlessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `serverless <args>` in `cwd` (the repository by default); never throws on a non-zero exit. */
export async function runServerless(args: string[], cwd = ROOT): Promise<ServerlessRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SERVERLESS, ...args], { cwd, env: offlineEnv(), maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: number; stdout: string; stderr: string };
    return { code: typeof code === 'number' ? code : 1, stdout, stderr };
  }
}

/** The parameters of the package most deploy tests read (no optional parameter set). */
export const DEFAULT_PARAMS = { inputBucket: 'ci-raw-frames', outputBucket: 'ci-processed-frames', memorySize: '2048' };

/** ARNs of GovCloud: the templates must take their partition from AWS::Partition, not from these. */
export const KMS_KEY = 'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const JOBS_TABLE_STREAM = 'arn:aws-us-gov:dynamodb:us-gov-west-1:111122223333:table/mediaconvert-jobs/stream/2026-11-01T09:00:00.000';

/** Every optional parameter set (one package run shared by the tests that read it). */
export const EVERY_OPTION = {
  ...DEFAULT_PARAMS,
  outputExpirationDays: '30',
  alarmEmail: 'frames@example.com',
  inputKmsKeyArn: KMS_KEY,
  reservedConcurrency: '10',
  trackingTable: 'mediaconvert-jobs',
  trackingTableStream: JOBS_TABLE_STREAM,
  stitchWorkerConcurrency: '20',
  sourceMaps: 'on',
};

/** The EventBridge trigger, and the output bucket's name left to the stack (stage, account, region). */
export const EVENTBRIDGE = { inputBucket: DEFAULT_PARAMS.inputBucket, trigger: 'eventbridge' };

/** Per-video tracking off. */
export const TRACKING_OFF = { ...DEFAULT_PARAMS, tracking: 'off' };

/** Tracking on, the edge video off. */
export const STITCH_OFF = { ...DEFAULT_PARAMS, stitch: 'off' };

/**
 * Every combination of the switches (tracking on/off, the edge video on/off where tracking allows
 * it, trigger s3/eventbridge), and every optional parameter set, with either trigger: the packaged
 * templates cfn-lint and the template checks run over.
 */
export const COMBINATIONS: Record<string, Record<string, string>> = {
  'tracking on, edge video on, s3': DEFAULT_PARAMS,
  'tracking on, edge video off, s3': STITCH_OFF,
  'tracking off, s3': TRACKING_OFF,
  'tracking on, edge video on, eventbridge': EVENTBRIDGE,
  'tracking on, edge video off, eventbridge': { ...EVENTBRIDGE, stitch: 'off' },
  'tracking off, eventbridge': { ...EVENTBRIDGE, tracking: 'off' },
  'every option, s3': EVERY_OPTION,
  'every option, eventbridge': { ...EVERY_OPTION, trigger: 'eventbridge' },
};

export interface Packaged extends ServerlessRun {
  /** The folder with cloudformation-template-update-stack.json and one zip per function. */
  dir: string;
  template: Template;
}

const packages = new Map<string, Promise<Packaged>>();
let lastPackage: Promise<unknown> = Promise.resolve();
const folders: string[] = [];
process.once('exit', () => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** `serverless package --stage ci --param name=value...`, run once per distinct set of parameters. */
export function packageStack(params: Record<string, string>): Promise<Packaged> {
  const args = Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
  const key = JSON.stringify(args);
  if (!packages.has(key)) {
    const packaged = lastPackage.catch(() => undefined).then(() => packageInto(args));
    packages.set(key, packaged);
    lastPackage = packaged;
  }
  return packages.get(key)!;
}

async function packageInto(paramArgs: string[]): Promise<Packaged> {
  const dir = await mkdtemp(join(tmpdir(), 'frame-processor-package-'));
  folders.push(dir);
  const result = await runServerless(['package', '--stage', 'ci', ...paramArgs, '--package', dir]);
  if (result.code !== 0) throw new Error(`serverless package failed (exit ${result.code}):\n${result.stderr}${result.stdout}`);
  const template = JSON.parse(await readFile(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  return { ...result, dir, template };
}

export function actionsOf(statement: Statement): string[] {
  return ([] as string[]).concat(statement.Action);
}
