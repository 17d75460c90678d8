// Every recorded call (test/support/aws-calls.ts) evaluated against the role its function has in a
// packaged template (template-roles.ts) by an IAM policy simulator (@cloud-copilot/iam-simulate):
// which calls the role denies, and which granted actions no recorded call used (per statement, so
// a policy can shrink).
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { RecordedCall } from './aws-calls';
import { authorisationsOf, type Authorisation, type Place } from './iam-actions';
import type { FunctionRole, PolicyDocument } from './template-roles';

export interface Evaluated extends Authorisation {
  fn: string;
  /** SDK "S3 GetObject", or what the Lambda service did and why. */
  origin: string;
  decision: string;
}

export interface Unused {
  fn: string;
  policy: string;
  action: string;
  resources: string[];
}

/** The distinct (function, action, resource) of the calls, each with what made it. */
export function authorisationsOfCalls(calls: RecordedCall[], place: Place): Array<Authorisation & { fn: string; origin: string }> {
  const seen = new Map<string, Authorisation & { fn: string; origin: string }>();
  for (const call of calls) {
    const made = call.kind === 'sdk' ? authorisationsOf(call, place).map((auth) => ({ ...auth, origin: `SDK ${call.service} ${call.command}` })) : [{ action: call.action, resource: call.resource, origin: call.why }];
    for (const auth of made) {
      const key = `${call.fn} ${auth.action} ${auth.resource}`;
      if (!seen.has(key)) seen.set(key, { fn: call.fn, ...auth });
    }
  }
  return [...seen.values()];
}

/**
 * A KMS key allows nothing through IAM policies unless its key policy says the account's IAM
 * policies may: the default key policy does, and the input bucket's key is assumed to have it.
 * see: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
function defaultKeyPolicy(account: string, partition: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] };
}

async function allowed(policies: Array<{ name: string; document: PolicyDocument }>, principal: string, auth: Authorisation, account: string): Promise<string> {
  const partition = principal.split(':')[1];
  const response = await runSimulation(
    {
      identityPolicies: policies.map(({ name, document }) => ({ name, policy: document })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(auth.action.startsWith('kms:') ? { resourcePolicy: defaultKeyPolicy(account, partition) } : {}),
      request: { action: auth.action, principal, resource: { accountId: account, resource: auth.resource }, contextVariables: {} },
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(`the simulator refused ${auth.action} on ${auth.resource}: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}

/** Each distinct call with the simulator's decision under its function's role. */
export async function evaluateCalls(roles: FunctionRole[], calls: RecordedCall[], place: Place): Promise<Evaluated[]> {
  const byId = new Map(roles.map((role) => [role.id, role]));
  const evaluated: Evaluated[] = [];
  for (const auth of authorisationsOfCalls(calls, place)) {
    const role = byId.get(auth.fn);
    if (!role) throw new Error(`a call was recorded for ${auth.fn}, which this template does not have`);
    const principal = `arn:${place.partition}:iam::${place.account}:role/${role.role}`;
    evaluated.push({ ...auth, decision: await allowed(role.policies, principal, auth, place.account) });
  }
  return evaluated;
}

/** Every granted action of every statement that no allowed call of its function needed. */
export async function unusedGrants(roles: FunctionRole[], evaluated: Evaluated[], place: Place): Promise<Unused[]> {
  const unused: Unused[] = [];
  for (const role of roles) {
    const principal = `arn:${place.partition}:iam::${place.account}:role/${role.role}`;
    const calls = evaluated.filter((call) => call.fn === role.id && call.decision === 'Allowed');
    for (const { name, document } of role.policies) {
      for (const statement of document.Statement.filter((candidate) => candidate.Effect === 'Allow')) {
        const only = [{ name, document: { Version: document.Version, Statement: [statement] } }];
        for (const action of ([] as string[]).concat(statement.Action)) {
          let used = false;
          for (const call of calls.filter((candidate) => candidate.action === action)) {
            if ((await allowed(only, principal, call, place.account)) === 'Allowed') {
              used = true;
              break;
            }
          }
          if (!used) unused.push({ fn: role.id, policy: name, action, resources: ([] as string[]).concat(statement.Resource) });
        }
      }
    }
  }
  return unused;
}
