// jest test environment (jest.config.js): node's, plus two settings that keep the suite within
// 90 s and 2 GB on 2 cores (docs/pipeline-time.md).
//
// 1. aws-cdk-lib's CloudFormation validation (a WebAssembly engine that costs ~2.5 s of CPU to build
//    in every test file that synthesizes an App) is turned off (CDK_VALIDATION=false) in test files
//    that cannot observe it: without cdk.json's flags (@aws-cdk/core:validateAgainstDefaultRules,
//    @aws-cdk/core:strictCfnValidateErrors) its findings are only warnings, which no test reads.
//    It stays on for the files under test/compliance/, for files that synthesize with cdk.json's
//    flags (their synth fails on a finding), and for a file whose docblock says `@cfn-validation`.
// 2. WebAssembly is compiled by V8's baseline compiler only (--liftoff-only), as `cdk synth` does
//    (cdk.json "app"): the engine runs for a few seconds, less than optimizing it would cost.
const { readFileSync } = require('node:fs');
const { sep } = require('node:path');
const v8 = require('node:v8');
const { TestEnvironment } = require('jest-environment-node');

/** whether a test file can observe the CloudFormation validation, so it must keep it. */
function keepsCfnValidation(testPath, pragmas) {
  if (testPath.includes(`${sep}test${sep}compliance${sep}`) || 'cfn-validation' in pragmas) return true;
  const source = readFileSync(testPath, 'utf8');
  return source.includes('cdkJsonContext') || source.includes('cdk.json');
}

let liftoffOnly = false;

class MlpipeTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    if (!liftoffOnly) {
      v8.setFlagsFromString('--liftoff-only');
      liftoffOnly = true;
    }
    // the test file's own copy of the environment: child processes it starts with process.env inherit it
    if (!keepsCfnValidation(context.testPath, context.docblockPragmas ?? {})) this.global.process.env.CDK_VALIDATION = 'false';
  }
}

module.exports = MlpipeTestEnvironment;
