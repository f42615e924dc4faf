import { Stack, TagManager } from 'aws-cdk-lib';
import type { CfnResource } from 'aws-cdk-lib';

/**
 * the tag that says what a stage is for. The production-only rules of the SageMaker pack apply to a
 * resource when it, or the stack that holds it, carries `mlpipe:environment=production`.
 */
export const ENVIRONMENT_TAG_KEY = 'mlpipe:environment';

/** the value of {@link ENVIRONMENT_TAG_KEY} that marks production. */
export const PRODUCTION_ENVIRONMENT = 'production';

/**
 * true when the resource, or failing a tag of its own its stack, is tagged
 * `mlpipe:environment=production`. Reads the
 * resource's own tags (what `Tags.of(stage).add(...)` sets on taggable resources) and the stack's
 * tags (what `new Stack(..., { tags })` sets; with `@aws-cdk/core:explicitStackTags` aspects do not).
 */
export function isProduction(node: CfnResource): boolean {
  const own = TagManager.isTaggable(node) ? node.tags.tagValues()[ENVIRONMENT_TAG_KEY] : undefined;
  const stack = Stack.of(node).tags.tagValues()[ENVIRONMENT_TAG_KEY];
  return (own ?? stack) === PRODUCTION_ENVIRONMENT;
}
