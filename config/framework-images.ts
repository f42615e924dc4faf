import { RegionInfo } from 'aws-cdk-lib/region-info';
import { didYouMean } from './did-you-mean';
import { ACCELERATED_FAMILY } from './instance-types';
import table from './frameworks/framework-images.json';

/** the frameworks whose AWS images a model can train on (see config/frameworks/framework-images.json). */
export const FRAMEWORK_NAMES = ['xgboost', 'sklearn', 'pytorch'] as const;
export type FrameworkName = (typeof FRAMEWORK_NAMES)[number];

/** what an image runs for: a training job, or an endpoint. */
export type ImageScope = 'training' | 'inference';

/** one image of the table: its repository and the AWS account that publishes it in each region. */
interface ImageEntry {
  readonly repository: string;
  readonly processors: readonly string[];
  readonly pythonVersions: readonly string[];
  readonly registries: Readonly<Record<string, string>>;
}

const FRAMEWORKS = table.frameworks as unknown as Readonly<Record<FrameworkName, Readonly<Record<string, Readonly<Record<ImageScope, ImageEntry>>>>>>;

/** human names, for messages. */
export const FRAMEWORK_TITLES: Readonly<Record<FrameworkName, string>> = { xgboost: 'XGBoost', sklearn: 'scikit-learn', pytorch: 'PyTorch' };

/** the versions of a framework the table lists. */
export function frameworkVersions(name: FrameworkName): string[] {
  return Object.keys(FRAMEWORKS[name]);
}

/** why a version is not in the table (with the versions that are); undefined when it is. */
export function frameworkVersionProblem(name: FrameworkName, version: string): string | undefined {
  const versions = frameworkVersions(name);
  if (versions.includes(version)) return undefined;
  return `is not a ${FRAMEWORK_TITLES[name]} version this project has images for${didYouMean(version, versions)}; use one of ${versions.map((v) => `"${v}"`).join(', ')} (config/frameworks/framework-images.json)`;
}

/** cpu or gpu: the image flavour an instance type needs. */
export function processorFor(instanceType: string): 'cpu' | 'gpu' {
  return ACCELERATED_FAMILY.test(instanceType) && !/^ml\.(inf|trn)\d/.test(instanceType) ? 'gpu' : 'cpu';
}

/** one resolved image: where it is pulled from and what the execution role needs to pull it. */
export interface FrameworkImage {
  /** `<account>.dkr.ecr.<region>.<suffix>/<repository>:<tag>` */
  readonly uri: string;
  /** the AWS account that publishes the image in the region */
  readonly account: string;
  readonly region: string;
  readonly repository: string;
  readonly tag: string;
  /** `<repository>:<tag>`: the same image in every region (what the training identity records) */
  readonly reference: string;
}

/** what selects an image from the table. */
export interface ImageRequest {
  readonly name: FrameworkName;
  readonly version: string;
  readonly scope: ImageScope;
  readonly region: string;
  readonly processor: 'cpu' | 'gpu';
  /**
   * the Python version of the image
   * @default - the only (or first) one the table lists for the version
   */
  readonly pythonVersion?: string;
}

/** the image for a request, or why there is none (unknown version, region, processor or Python version). */
export function frameworkImage(request: ImageRequest): { image: FrameworkImage; problem?: undefined } | { image?: undefined; problem: string } {
  const { name, version, scope, region, processor } = request;
  const title = FRAMEWORK_TITLES[name];
  const versionProblem = frameworkVersionProblem(name, version);
  if (versionProblem) return { problem: versionProblem };
  const entry = FRAMEWORKS[name][version][scope];
  const account = entry.registries[region];
  if (account === undefined) {
    const regions = Object.keys(entry.registries);
    return { problem: `${title} ${version} has no ${scope} image in ${region}${didYouMean(region, regions)}; AWS publishes it in ${regions.join(', ')}` };
  }
  if (!entry.processors.includes(processor)) {
    return { problem: `${title} ${version} has no ${processor.toUpperCase()} ${scope} image (only ${entry.processors.join(', ')}); use a ${entry.processors.includes('cpu') ? 'CPU instance type such as ml.m5.large' : 'GPU instance type'}` };
  }
  const python = request.pythonVersion ?? entry.pythonVersions[0];
  if (entry.pythonVersions.length > 0 && !entry.pythonVersions.includes(python ?? '')) {
    return { problem: `${title} ${version} has no image for Python "${python}"; use ${entry.pythonVersions.map((p) => `"${p}"`).join(' or ')}` };
  }
  const tag = name === 'xgboost' ? version : name === 'sklearn' ? `${version}-cpu-${python}` : `${version}-${processor}-${python}`;
  const suffix = RegionInfo.get(region).domainSuffix ?? 'amazonaws.com';
  return { image: { uri: `${account}.dkr.ecr.${region}.${suffix}/${entry.repository}:${tag}`, account, region, repository: entry.repository, tag, reference: `${entry.repository}:${tag}` } };
}

/** the image for a request; throws with the reason when there is none (config validation reports it earlier). */
export function requireFrameworkImage(request: ImageRequest): FrameworkImage {
  const result = frameworkImage(request);
  if (result.problem !== undefined) throw new Error(result.problem);
  return result.image;
}
