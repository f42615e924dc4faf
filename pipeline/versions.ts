/**
 * the CDK CLI the pipeline's self-mutation installs. Keep it equal to the `aws-cdk`
 * devDependency; upgrade it first, let the pipeline self-mutate, then bump aws-cdk-lib.
 */
export const CDK_CLI_VERSION = '2.1148.1';

/**
 * the cdk-assets CLI the asset-publishing projects install (they hold publishing rights in every
 * stage account, production included, so never `latest`). Upgrade it on purpose, like
 * CDK_CLI_VERSION: `npm view cdk-assets dist-tags`, read the release notes, bump, synth.
 */
export const CDK_ASSETS_CLI_VERSION = '4.7.3';
