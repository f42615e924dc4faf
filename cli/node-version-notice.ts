/** the Node major version CodeBuild runs the pipeline's steps on, and the one to use locally. */
export const SUPPORTED_NODE_MAJOR = 22;

/**
 * the one-line notice an AWS command prints on an older Node (instead of the AWS SDK's nine-line
 * warning), or undefined on Node 22 and later.
 * @param version `process.version`, e.g. "v20.20.2"
 */
export function nodeVersionNotice(version: string): string | undefined {
  const major = Number(/^v?(\d+)/.exec(version)?.[1]);
  if (!(major < SUPPORTED_NODE_MAJOR)) return undefined;
  return `mlpipe: Node ${version.replace(/^v/, '')} is past its end of life and the AWS SDK drops it in January 2027; use Node ${SUPPORTED_NODE_MAJOR}, which CodeBuild runs (e.g. \`nvm use ${SUPPORTED_NODE_MAJOR}\`)`;
}

const SDK_WARNING_OFF = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * before a command that calls AWS: turns the SDK's own nine-line warning off in `env` (the process
 * environment in the real CLI, which the SDK reads) and returns the one-line notice to print once
 * the command has run, or undefined on Node 22 and later and when the SDK's warning was already
 * turned off (`AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true`).
 */
export function silenceOldNodeWarning(env: NodeJS.ProcessEnv, version: string): string | undefined {
  if (env[SDK_WARNING_OFF] === 'true') return undefined;
  env[SDK_WARNING_OFF] = 'true';
  return nodeVersionNotice(version);
}
