// The supported Node versions, as package.json states them, and the AWS SDK's Node warning: gone
// from the command line on a supported Node, as the built CLI prints it in a child process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSupportedNode, quietSdkNodeWarning, SDK_NODE_WARNING_VARIABLE, sdkNodeWarningEnv, SUPPORTED_NODE } from '../../src/core/node-support';
import { DYNALITE_CREDENTIALS, startDynamoServer, type RunningDynamoServer } from '../../src/local/dynamo-server';
import { trackingTableDefinition } from '../../src/tracking/table';
import { CLI_MAIN } from '../support/cli';

quietSdkNodeWarning(); // for this process's own clients (dynalite's)

const ROOT = join(__dirname, '..', '..');

function run(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, args, { env, cwd: ROOT });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', () => resolve(stderr)));
}

describe('supported Node versions', () => {
  it('are the ones package.json engines names', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    assert.equal(manifest.engines.node, SUPPORTED_NODE);
  });

  it('are told apart at their edges', () => {
    for (const version of ['v20.19.0', 'v20.20.2', 'v22.13.0', 'v22.23.5', 'v24.0.0', 'v25.1.0']) assert.ok(isSupportedNode(version), version);
    for (const version of ['v18.20.4', 'v20.18.3', 'v21.7.3', 'v22.12.0', 'v23.11.0']) assert.ok(!isSupportedNode(version), version);
  });

  it('silence the SDK warning on a supported Node only, and a setting the user made stays theirs', () => {
    assert.deepEqual(sdkNodeWarningEnv('v20.19.0'), { [SDK_NODE_WARNING_VARIABLE]: 'true' });
    assert.deepEqual(sdkNodeWarningEnv('v18.20.4'), {});
    const env: NodeJS.ProcessEnv = { [SDK_NODE_WARNING_VARIABLE]: 'false' };
    quietSdkNodeWarning(env, 'v20.19.0');
    assert.equal(env[SDK_NODE_WARNING_VARIABLE], 'false');
  });
});

describe('CLI: the AWS SDK Node warning', function () {
  this.timeout(30_000);
  let dynamo: RunningDynamoServer;
  before(async () => {
    dynamo = await startDynamoServer({ port: 0, tables: [trackingTableDefinition('warning-table')] });
  });
  after(() => dynamo.close());

  it('is not printed by a command that makes an SDK client (and is, on Node 20, without the CLI)', async () => {
    const { [SDK_NODE_WARNING_VARIABLE]: _left, ...inherited } = process.env;
    const env = { ...inherited, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: DYNALITE_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: DYNALITE_CREDENTIALS.secretAccessKey };
    const stderr = await run([CLI_MAIN, 'status', 'no-such-video', '--table', 'warning-table'], env);
    assert.match(stderr, /no-such-video/);
    assert.doesNotMatch(stderr, /NodeVersionSupportWarning/);
    const bare = await run(['-e', `new (require('@aws-sdk/client-dynamodb').DynamoDBClient)({ region: 'us-east-1' })`], env);
    if (Number(process.versions.node.split('.')[0]) < 22) assert.match(bare, /NodeVersionSupportWarning/);
  });
});
