// Decides a CloudFormation template's conditions where they depend only on values known when it is
// packaged (serverless.yml's conditions compare resolved parameters with words): a resource or
// output whose condition is false is removed, every Fn::If is replaced by the branch it takes and
// AWS::NoValue is removed, as CloudFormation itself would at deploy time. A condition that reads
// anything else (a Ref, a pseudo parameter) is left for CloudFormation, with what depends on it.
// A reference left pointing at a removed resource is an error in the template: it is refused.
// see: AWS CloudFormation User Guide, "Conditions syntax" and "Condition functions"
'use strict';

const NO_VALUE = Symbol('AWS::NoValue');
const UNDECIDED = Symbol('undecided');

/** true, false, or UNDECIDED for a condition that is not made of constants. */
function decide(condition, conditions, deciding = new Set()) {
  if (typeof condition === 'string' || typeof condition === 'number' || typeof condition === 'boolean') return UNDECIDED;
  const [fn, args] = Object.entries(condition || {})[0] || [];
  const all = (operands) => operands.map((operand) => decide(operand, conditions, deciding));
  switch (fn) {
    case 'Fn::Equals': {
      const [left, right] = args;
      const constant = (value) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
      return constant(left) && constant(right) ? String(left) === String(right) : UNDECIDED;
    }
    case 'Fn::Not': {
      const [value] = all(args);
      return value === UNDECIDED ? UNDECIDED : !value;
    }
    case 'Fn::And': {
      const values = all(args);
      if (values.includes(false)) return false;
      return values.includes(UNDECIDED) ? UNDECIDED : true;
    }
    case 'Fn::Or': {
      const values = all(args);
      if (values.includes(true)) return true;
      return values.includes(UNDECIDED) ? UNDECIDED : false;
    }
    case 'Condition':
      return decideNamed(args, conditions, deciding);
    default:
      return UNDECIDED;
  }
}

function decideNamed(name, conditions, deciding) {
  if (deciding.has(name)) throw new Error(`condition ${name} refers to itself`);
  if (!(name in conditions)) throw new Error(`condition ${name} is not defined`);
  deciding.add(name);
  const value = decide(conditions[name], conditions, deciding);
  deciding.delete(name);
  return value;
}

/** The value with its decided Fn::If taken and AWS::NoValue removed; NO_VALUE when it is AWS::NoValue itself. */
function resolve(value, truth) {
  if (Array.isArray(value)) return value.map((item) => resolve(item, truth)).filter((item) => item !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0][0] === 'Ref' && entries[0][1] === 'AWS::NoValue') return NO_VALUE;
  if (entries.length === 1 && entries[0][0] === 'Fn::If') {
    const [name, whenTrue, whenFalse] = entries[0][1];
    const decided = truth(name);
    if (decided !== UNDECIDED) return resolve(decided ? whenTrue : whenFalse, truth);
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolve(item, truth)]).filter(([, item]) => item !== NO_VALUE));
}

/** Logical ids a value refers to (Ref, Fn::GetAtt, and ${Name} or ${Name.Attr} in Fn::Sub). */
function referencesIn(value, found = new Set()) {
  if (Array.isArray(value)) value.forEach((item) => referencesIn(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Ref' && typeof item === 'string') found.add(item);
      else if (key === 'Fn::GetAtt') found.add(Array.isArray(item) ? item[0] : String(item).split('.')[0]);
      else if (key === 'Fn::Sub') {
        const [text, variables = {}] = Array.isArray(item) ? item : [item];
        for (const match of String(text).matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) if (!(match[1] in variables)) found.add(match[1]);
        referencesIn(variables, found);
      } else referencesIn(item, found);
    }
  }
  return found;
}

/** Decides what can be decided in `template`, in place. */
function foldConditions(template) {
  const conditions = template.Conditions || {};
  const decided = new Map(Object.keys(conditions).map((name) => [name, decideNamed(name, conditions, new Set())]));
  const truth = (name) => (decided.has(name) ? decided.get(name) : decideNamed(name, conditions, new Set()));
  for (const section of ['Resources', 'Outputs']) {
    for (const [id, entry] of Object.entries(template[section] || {})) {
      const keep = entry.Condition === undefined ? true : truth(entry.Condition);
      if (keep === false) {
        delete template[section][id];
        continue;
      }
      const resolved = resolve(entry, truth);
      if (keep === true) delete resolved.Condition;
      template[section][id] = resolved;
    }
  }
  const undecided = Object.fromEntries(Object.entries(conditions).filter(([name]) => decided.get(name) === UNDECIDED));
  if (Object.keys(undecided).length > 0) template.Conditions = undecided;
  else delete template.Conditions;
  refuseDanglingReferences(template);
  return template;
}

/** DependsOn lists only resources that exist and that the resource does not already reference (a Ref or GetAtt orders it already). */
function dropDependsOnRemoved(template) {
  for (const resource of Object.values(template.Resources)) {
    if (resource.DependsOn === undefined) continue;
    const referenced = referencesIn({ ...resource, DependsOn: undefined });
    resource.DependsOn = [].concat(resource.DependsOn).filter((id) => id in template.Resources && !referenced.has(id));
    if (resource.DependsOn.length === 0) delete resource.DependsOn;
  }
}

function refuseDanglingReferences(template) {
  const known = new Set([...Object.keys(template.Resources), ...Object.keys(template.Parameters || {})]);
  for (const section of ['Resources', 'Outputs']) {
    for (const [id, entry] of Object.entries(template[section] || {})) {
      for (const name of referencesIn(entry)) {
        if (!name.startsWith('AWS::') && !known.has(name)) throw new Error(`${id} refers to ${name}, which this stack does not create with these parameters`);
      }
    }
  }
}

module.exports = { foldConditions, dropDependsOnRemoved, referencesIn };
