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
// 3. Where the validation stays on, the test files of a worker share its engine: the package
//    `@aws/cloudformation-validate` is loaded once per worker, here, outside jest's per-file module
//    registry, and its `CompositeEngine` is built once per configuration (jest.config.js maps the
//    package to test/helpers/shared-cfn-validate.cjs, which hands this out).
// 4. A worker whose heap is above 200 MB at the end of a test file collects its garbage, so that
//    jest's workerIdleMemoryLimit (400 MB, read from the heap as it is, garbage included) replaces
//    only workers that keep memory: without it a run replaced its workers 9 times and built the
//    validation engine 7 times (about 4 s of CPU each); with it, 2 workers and 2 engines.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { dirname, sep } = require('node:path');
const v8 = require('node:v8');
const { TestEnvironment } = require('jest-environment-node');

/** whether a test file can observe the CloudFormation validation, so it must keep it. */
function keepsCfnValidation(testPath, pragmas) {
  if (testPath.includes(`${sep}test${sep}compliance${sep}`) || 'cfn-validation' in pragmas) return true;
  const source = readFileSync(testPath, 'utf8');
  return source.includes('cdkJsonContext') || source.includes('cdk.json');
}

let liftoffOnly = false;

/** a worker's heap above which the end of a test file collects its garbage (below jest.config.js's workerIdleMemoryLimit). */
const COLLECT_ABOVE_BYTES = 200 * 1024 * 1024;
let gc;
/** V8's full garbage collection, exposed once for this worker. */
function collectGarbage() {
  if (gc === undefined) {
    v8.setFlagsFromString('--expose-gc');
    gc = require('node:vm').runInNewContext('gc');
  }
  return gc;
}

/** the package, loaded once per worker (the real one, from aws-cdk-lib's dependencies). */
let cfnValidate;
/** engines by configuration: aws-cdk-lib frees its engine after each synth, a shared one stays. */
const engines = new Map();

/**
 * `value` as a plain object of this realm: the test file's objects come from its own realm (jest
 * runs it in a vm context), and the package accepts only plain objects of its realm.
 */
const here = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** validation reports by engine, template text and options: the same template is validated once per worker. */
const reports = new Map();

/**
 * the report of `engine` on `template`: validation is a function of the engine's configuration,
 * the template's text and the options, so a template that an earlier test file of this worker
 * validated (the suite synthesizes the same stacks many times) gets a copy of that report.
 */
function validateOnce(engineKey, engine, template, options) {
  // the content is the template's text (a string or its UTF-8 bytes), which the hash takes either way
  const key = createHash('sha256').update(engineKey).update('\0').update(JSON.stringify(options ?? {})).update('\0').update(template.content).digest('hex');
  let report = reports.get(key);
  if (report === undefined) {
    report = JSON.stringify(engine.validateTemplate(template, here(options)));
    reports.set(key, report);
  }
  // the one part of a report that names the template rather than follows from it
  return { ...JSON.parse(report), filePath: template.name };
}

/** `@aws/cloudformation-validate` with a CompositeEngine that returns the worker's shared engine. */
function sharedCfnValidate() {
  if (cfnValidate === undefined) {
    const real = require(require.resolve('@aws/cloudformation-validate', { paths: [dirname(require.resolve('aws-cdk-lib/package.json'))] }));
    function CompositeEngine(config) {
      const key = JSON.stringify(config ?? {});
      let engine = engines.get(key);
      if (engine === undefined) {
        engine = new real.CompositeEngine(here(config));
        engines.set(key, engine);
      }
      // what aws-cdk-lib's CloudFormationValidatePlugin calls on its engine: validateTemplate, and
      // free when its synth ends (the shared engine lives as long as the worker)
      return { validateTemplate: (template, options) => validateOnce(key, engine, template, options), free: () => undefined };
    }
    cfnValidate = { ...real, CompositeEngine };
  }
  return cfnValidate;
}

class MlpipeTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    if (!liftoffOnly) {
      v8.setFlagsFromString('--liftoff-only');
      liftoffOnly = true;
    }
    this.global.__mlpipeSharedCfnValidate = sharedCfnValidate;
    // the test file's own copy of the environment: child processes it starts with process.env inherit it
    if (!keepsCfnValidation(context.testPath, context.docblockPragmas ?? {})) this.global.process.env.CDK_VALIDATION = 'false';
  }

  async teardown() {
    await super.teardown();
    // jest replaces a worker whose heap is above workerIdleMemoryLimit after a test file, and the
    // heap it reads still holds the file's garbage: collected first, most workers stay
    if (process.memoryUsage().heapUsed > COLLECT_ABOVE_BYTES) collectGarbage()();
  }
}

module.exports = MlpipeTestEnvironment;
