// The built command line run against the test's own S3 server (s3-server.ts), as a user points it
// at any S3-compatible endpoint: AWS_ENDPOINT_URL_S3, S3_FORCE_PATH_STYLE and the server's keys in
// the environment. The run is asynchronous: the server answers from this very process.
import { ListObjectsCommand } from '@aws-sdk/client-s3';
import { S3RVER_CREDENTIALS } from '../../src/local/s3-server';
import { CliProcess, type CliRun } from './cli';
import { TEST_REGION, type TestS3 } from './s3-server';

/** This process's environment, with S3 at `endpoint` and no profile or other endpoint that could point elsewhere. */
export function s3Environment(endpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ENDPOINT_URL_S3: endpoint, S3_FORCE_PATH_STYLE: 'true', AWS_REGION: TEST_REGION };
  Object.assign(env, { AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey });
  for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL']) delete env[name];
  return env;
}

/** Runs the CLI to its end against `s3`. */
export function runS3Cli(s3: TestS3, args: string[], timeoutMs?: number): Promise<CliRun> {
  return new CliProcess(args, { env: s3Environment(s3.endpoint), timeoutMs }).ended;
}

/** Every key under `prefix`, through every page (ListObjects v1: s3rver cannot continue a V2 listing on Node 20). */
export async function keysUnder(s3: TestS3, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let marker: string | undefined;
  do {
    const page = await s3.client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: marker }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    marker = page.IsTruncated ? keys.at(-1) : undefined;
  } while (marker !== undefined);
  return keys.sort();
}
