/**
 * the CDK CLI the pipeline's self-mutation and asset publishing install. Keep it equal to the
 * `aws-cdk` devDependency; upgrade it first, let the pipeline self-mutate, then bump aws-cdk-lib.
 */
export const CDK_CLI_VERSION = '2.1148.1';
