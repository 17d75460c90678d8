// A wrong endpoint, as a user gets it wrong: a port where a web server answers (not S3, not
// DynamoDB), a port where nothing listens, a host that does not exist. Each command that talks
// to S3 or DynamoDB names the variable to set and the endpoint it tried, not the SDK's raw text.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { CLI_MAIN } from '../support/cli';

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', S3_FORCE_PATH_STYLE: 'true', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createTcpServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('CLI: a wrong endpoint names the variable to set', function () {
  this.timeout(60_000);
  let web: Server;
  const endpoints: Array<[string, string, RegExp]> = [];

  before(async () => {
    web = createServer((_request, response) => response.writeHead(404, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>Not here</body></html>'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    endpoints.push(
      ['a web server', `http://127.0.0.1:${(web.address() as AddressInfo).port}`, /answered, but not as \w+ does/],
      ['a closed port', `http://127.0.0.1:${await closedPort()}`, /nothing listens at/],
      ['a bad host', 'http://no-such-host.invalid:9000', /no such host/],
    );
  });
  after(() => new Promise((resolve) => web.close(resolve)));

  const commands: Array<[string, string[], 'S3' | 'DynamoDB']> = [
    ['frames from s3://', ['s3://frames/cam/', '--out', '/tmp/frame-processor-never-written'], 'S3'],
    ['video from s3://', ['video', 's3://frames/cam/', '--out', '/tmp/frame-processor-never-written.mp4'], 'S3'],
    ['status', ['status', 'cam', '--table', 'tracking'], 'DynamoDB'],
  ];
  for (const [command, args, service] of commands) {
    it(`${command}: for a web server, a closed port and a bad host`, async () => {
      const variable = `AWS_ENDPOINT_URL_${service.toUpperCase()}`;
      for (const [what, endpoint, problem] of endpoints) {
        const { code, stderr } = await run(args, { [variable]: endpoint });
        assert.notEqual(code, 0, what);
        assert.ok(stderr.includes(`${endpoint} (${variable})`), `${what}: ${stderr}`);
        assert.ok(stderr.includes(`set ${variable} to your ${service} server's URL`), `${what}: ${stderr}`);
        assert.match(stderr, problem, what);
        assert.doesNotMatch(stderr, /Deserialization error|hidden field/, what);
      }
    });
  }
});
