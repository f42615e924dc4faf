import images from './model-monitor-images.json';

/** the regions the Model Monitor analyzer image table knows (config/model-monitor-images.json). */
export const ANALYZER_REGIONS: readonly string[] = Object.keys(images.registries).sort();

/** why Model Monitor's analyzer image is not known in a region; undefined when it is. */
export function analyzerRegionProblem(region: string): string | undefined {
  if (region in images.registries) return undefined;
  return `has no SageMaker Model Monitor analyzer image in config/model-monitor-images.json (from ${images.source.repository} ${images.source.path}); add the region's registry account from a newer commit of that file, or monitor in one of ${ANALYZER_REGIONS.join(', ')}`;
}

/**
 * the image URI of SageMaker Model Monitor's built-in analyzer (the data-quality baseline and
 * monitoring container) in a region, as the SageMaker Python SDK builds it from its registry table:
 * `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/sagemaker-model-monitor-analyzer`.
 */
export function analyzerImageUri(region: string): string {
  const registries: Readonly<Record<string, string>> = images.registries;
  const account = registries[region];
  if (account === undefined) throw new Error(`region ${region} ${analyzerRegionProblem(region) ?? ''}`);
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${account}.dkr.ecr.${region}.${domain}/${images.repository}`;
}
