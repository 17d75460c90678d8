// cfn-lint 1.51 over the template of every packaged combination of the parameters
// (test/support/serverless.ts, COMBINATIONS), with the repository's .cfnlintrc: no finding at all,
// neither error nor warning. The parameters' conditions are decided when packaging
// (scripts/serverless-conditions.cjs), so no template has a dead branch to trip over. One cfn-lint
// run reads every template (its start-up is most of its time), with a canary template it must fault.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cfnLint, CFN_LINT_VERSION, type LintRun } from '../support/cfn-lint';
import { COMBINATIONS, packageStack, type Packaged } from '../support/serverless';

describe('deploy: cfn-lint over every combination of the parameters', function () {
  this.timeout(900_000);
  const packaged = new Map<string, Packaged>();
  let lint: LintRun;
  let canaryDir = '';

  before(async () => {
    for (const [name, params] of Object.entries(COMBINATIONS)) packaged.set(name, await packageStack(params));
    canaryDir = await mkdtemp(join(tmpdir(), 'frame-processor-cfn-lint-'));
    // A queue with a property CloudFormation does not know: cfn-lint must say so (E3002).
    await writeFile(join(canaryDir, 'canary.json'), JSON.stringify({ Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueNmae: 'typo' } } } }));
    const templates = [...packaged.values()].map(({ dir }) => join(dir, 'cloudformation-template-update-stack.json'));
    lint = cfnLint([join(canaryDir, 'canary.json'), ...templates]);
  });
  after(async () => {
    if (canaryDir) await rm(canaryDir, { recursive: true, force: true });
  });

  it('is cfn-lint 1.51, the version the templates are held to', () => {
    assert.match(lint.version, CFN_LINT_VERSION);
  });

  it("finds nothing in any packaged template (and the canary's typo: it did read them)", () => {
    const where = new Map([...packaged].map(([name, { dir }]) => [dir, name]));
    const named = [...where].reduce((text, [dir, name]) => text.replaceAll(dir, `<${name}>`), lint.output);
    const findings = named.split(/\n\s*\n/).filter(Boolean);

    assert.deepEqual(findings.filter((finding) => !finding.includes('canary.json')), [], `cfn-lint ${lint.version} found:\n${named}`);
    assert.match(named, /E3002 Additional properties are not allowed \('QueueNmae' was unexpected/);
  });

  for (const name of Object.keys(COMBINATIONS)) {
    it(`decides every condition when packaging: ${name}`, () => {
      const { template } = packaged.get(name)!;
      assert.equal('Conditions' in template, false);
      assert.doesNotMatch(JSON.stringify(template), /"Fn::If"|"AWS::NoValue"/);
    });
  }
});
