// jest setup (every test file): in-process SDK clients would print the AWS SDK's nine-line Node
// version warning once per worker; the CLI replaces it with its own one-line notice, which
// test/cli/process-behaviour.test.ts checks in a child process that does not inherit this.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
