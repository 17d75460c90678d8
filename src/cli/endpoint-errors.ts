// The one place where the command line says what an AWS SDK error means when the endpoint is
// wrong: nothing listens there, its host does not resolve, or it answers but not as the service
// does (a web server, another emulator: the SDK's "Deserialization error", "XML parse error").
// Such an error then names the variable that sets the endpoint, and the endpoint it tried.
import { describeS3Error } from '../lambda/s3-transfer';

/** The AWS SDK's service-specific endpoint variables; AWS_ENDPOINT_URL sets them all. */
export const ENDPOINT_VARIABLES = {
  S3: 'AWS_ENDPOINT_URL_S3',
  DynamoDB: 'AWS_ENDPOINT_URL_DYNAMODB',
} as const;

export type EndpointService = keyof typeof ENDPOINT_VARIABLES;

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'nothing listens at',
  ECONNRESET: 'the connection was dropped by',
  ENOTFOUND: 'no such host:',
  EAI_AGAIN: 'no such host (name lookup failed):',
  EHOSTUNREACH: 'no route to',
  ENETUNREACH: 'no route to',
  ETIMEDOUT: 'no answer from',
};

/** The SDK's advice appended to an unreadable answer: noise for a person at a terminal. */
const SDK_DESERIALIZATION_TAIL = /\s*Deserialization error: to see the raw response[^)]*/;

/** Why the endpoint looks wrong, naming its variable; undefined for any other error. */
export function endpointProblem(error: unknown, service: EndpointService, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const variable = ENDPOINT_VARIABLES[service];
  const endpoint = env[variable] || env.AWS_ENDPOINT_URL || `${service}'s AWS endpoint`;
  const code = (error as { code?: string }).code ?? '';
  const what = UNREACHABLE[code] ?? (error.name === 'TimeoutError' ? UNREACHABLE.ETIMEDOUT : undefined);
  const setting = env[variable] ? variable : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : `no ${variable} set`;
  const fix = `set ${variable} to your ${service} server's URL`;
  if (what) return `${what} ${endpoint} (${setting}): ${fix}`;
  if (SDK_DESERIALIZATION_TAIL.test(error.message) || /XML parse error|is not valid JSON/.test(error.message)) {
    return `${endpoint} (${setting}) answered, but not as ${service} does: ${fix}`;
  }
  return undefined;
}

/** An SDK error for a person: the endpoint's problem first when it is one, then the SDK's own words. */
export function describeAwsError(error: unknown, service: EndpointService, env: NodeJS.ProcessEnv = process.env): string {
  const said = describeS3Error(error).replace(SDK_DESERIALIZATION_TAIL, '');
  const problem = endpointProblem(error, service, env);
  return problem ? `${problem} (${said})` : said;
}
