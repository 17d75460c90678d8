// What CloudFormation would create from a packaged template: its conditions evaluated, resources
// whose condition is false left out, every Fn::If replaced by the branch taken and AWS::NoValue
// removed. Only the condition functions serverless.yml uses (Equals, Not, And, Or, Condition).
// see: AWS CloudFormation User Guide, "Condition functions" and "Pseudo parameters" (AWS::NoValue)
import type { Resource, Template } from './serverless';

const NO_VALUE = Symbol('AWS::NoValue');
type Conditions = Record<string, unknown>;

export function asDeployed(template: Template): Template {
  const conditions = template.Conditions ?? {};
  const truth = (name: string) => evaluate(conditions[name], conditions);
  const resources: Record<string, Resource> = {};
  for (const [name, resource] of Object.entries(template.Resources)) {
    if (resource.Condition === undefined || truth(resource.Condition)) resources[name] = resolve(resource, truth) as Resource;
  }
  return { ...template, Resources: resources };
}

function evaluate(condition: unknown, conditions: Conditions): boolean {
  const [fn, args] = Object.entries(condition as Record<string, unknown>)[0];
  const operands = args as unknown[];
  switch (fn) {
    case 'Fn::Equals':
      return JSON.stringify(operands[0]) === JSON.stringify(operands[1]);
    case 'Fn::Not':
      return !evaluate(operands[0], conditions);
    case 'Fn::And':
      return operands.every((operand) => evaluate(operand, conditions));
    case 'Fn::Or':
      return operands.some((operand) => evaluate(operand, conditions));
    case 'Condition':
      return evaluate(conditions[args as string], conditions);
    default:
      throw new Error(`condition function ${fn} is not handled here`);
  }
}

function resolve(value: unknown, truth: (name: string) => boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, truth)).filter((item) => item !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0][0] === 'Ref' && entries[0][1] === 'AWS::NoValue') return NO_VALUE;
  if (entries.length === 1 && entries[0][0] === 'Fn::If') {
    const [name, whenTrue, whenFalse] = entries[0][1] as [string, unknown, unknown];
    return resolve(truth(name) ? whenTrue : whenFalse, truth);
  }
  const resolved = entries.map(([key, item]) => [key, resolve(item, truth)] as const).filter(([, item]) => item !== NO_VALUE);
  return Object.fromEntries(resolved);
}
