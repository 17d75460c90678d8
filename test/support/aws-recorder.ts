// A loopback HTTP server standing in for AWS control-plane APIs that have no local server (S3
// Control's CreateJob, CloudFormation's DescribeStacks): it records every request as the SDK sent
// it (method, path, headers, body) and answers with the XML the caller gives, so a test reads the
// exact request body offline, with no AWS account.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { BackfillClients } from '../../src/backfill/command';
import { TEST_REGION } from './s3-server';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  xml: string;
}

export interface AwsRecorder {
  requests: RecordedRequest[];
  /** Clients whose every request goes to this server (S3 Control's account-id host prefix included). */
  clients: BackfillClients;
  close(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };

export async function startAwsRecorder(answer: (request: RecordedRequest) => Answer): Promise<AwsRecorder> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((incoming, response) => {
    let body = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => (body += chunk));
    incoming.on('end', () => {
      const request = { method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, body };
      requests.push(request);
      const { status = 200, xml } = answer(request);
      response.writeHead(status, { 'content-type': 'text/xml' }).end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const common = { region: TEST_REGION, credentials: CREDENTIALS, maxAttempts: 1 };
  const clients: BackfillClients = {
    // S3 Control puts the account id in front of the host; a fixed endpoint keeps it on loopback.
    s3Control: () => new S3ControlClient({ ...common, endpointProvider: () => ({ url: new URL(url) }) }),
    cloudFormation: () => new CloudFormationClient({ ...common, endpoint: url }),
  };
  return { requests, clients, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
