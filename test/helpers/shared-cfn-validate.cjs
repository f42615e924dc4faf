// What `require('@aws/cloudformation-validate')` gives the code under test (jest.config.js maps the
// package here): the package itself, loaded once per jest worker by the test environment
// (test/helpers/test-environment.cjs), with engines that every test file of the worker shares.
//
// Why: aws-cdk-lib's CloudFormation validation builds a `CompositeEngine` in every synth, and
// building one costs about 4 s of CPU on this project's 2-core machines (the WebAssembly engine
// loads its resource schemas), while validating a template with it costs a fraction of that. jest
// loads every module afresh per test file, so without this each test file that keeps the
// validation paid for its own engine. The engine holds no state between validations (aws-cdk-lib
// itself validates every stack of an app with one engine), so a test file sees the same findings
// from a shared engine as from its own: test/compliance/shared-validation-engine.test.ts checks it.
const shared = globalThis.__mlpipeSharedCfnValidate;
if (typeof shared !== 'function') {
  throw new Error('test/helpers/shared-cfn-validate.cjs needs the test environment of jest.config.js (test/helpers/test-environment.cjs), which provides the shared CloudFormation validation engine');
}
module.exports = shared();
