import type { AppConfig } from '../../../config';
import { DEFAULT_CONFIG_FILE, pipelineName } from '../../../config';
import { UsageError } from '../args';

/** the flags every release command takes, for `parseCommandArgs`. */
export const RELEASE_FLAGS = {
  pipeline: { type: 'string' },
  config: { type: 'string' },
  region: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** the `--help` lines of RELEASE_FLAGS. */
export const RELEASE_FLAGS_HELP = `  --pipeline NAME  the CodePipeline pipeline (default: "<project.prefix>-pipeline" from the config)
  --config FILE    the config file to read the pipeline name from (default: pipeline.yaml)
  --region REGION  the pipeline's region (default: AWS_REGION, the profile's region, else
                   tooling.region of the config)
  --json           print one JSON document instead of text
  -h, --help       show this help`;

/** how the SDK is configured, for every command's `--help`. */
export const AWS_ENVIRONMENT_HELP = `environment:
  AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL,
  AWS_ENDPOINT_URL_CODEPIPELINE, AWS_MAX_ATTEMPTS (default 3, with backoff) as usual for the AWS SDK;
  NO_COLOR=1 turns colour off (it is only used on a terminal anyway)`;

/** the release flags as parsed. */
export interface ReleaseFlags {
  /**
   * the pipeline name given on the command line
   * @default - "<project.prefix>-pipeline" from the config file
   */
  readonly pipeline?: string;
  /**
   * the config file
   * @default "pipeline.yaml"
   */
  readonly config?: string;
  /**
   * the region
   * @default - the SDK's chain (AWS_REGION, the profile's region)
   */
  readonly region?: string;
  /** print JSON */
  readonly json: boolean;
}

const PIPELINE_NAME = /^[A-Za-z0-9.@_-]{1,100}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** checks the values of the release flags; a bad one is a UsageError naming the flag and the fix. */
export function releaseFlags(values: { readonly pipeline?: string; readonly config?: string; readonly region?: string; readonly json?: boolean }): ReleaseFlags {
  if (values.pipeline !== undefined && !PIPELINE_NAME.test(values.pipeline)) {
    throw new UsageError(`--pipeline '${values.pipeline}' is not a CodePipeline name: use 1-100 letters, digits, ".", "@", "_" or "-"`);
  }
  if (values.region !== undefined && !REGION.test(values.region)) {
    throw new UsageError(`--region '${values.region}' is not an AWS region name; use one such as eu-west-1`);
  }
  if (values.pipeline !== undefined && values.config !== undefined) {
    throw new UsageError('--pipeline and --config both name the pipeline; give only one');
  }
  return {
    ...(values.pipeline === undefined ? {} : { pipeline: values.pipeline }),
    ...(values.config === undefined ? {} : { config: values.config }),
    ...(values.region === undefined ? {} : { region: values.region }),
    json: Boolean(values.json),
  };
}

/** the pipeline a release command works on. */
export interface ReleaseTarget {
  /** the CodePipeline pipeline name */
  readonly pipelineName: string;
  /**
   * the tooling region from the config, for hints when the pipeline is not found
   * @default - none (the name came from --pipeline)
   */
  readonly configRegion?: string;
}

/**
 * the pipeline: `--pipeline`, or the name the app gives it from the config file (read with the
 * command's loader, which throws ConfigError when the file is missing or invalid).
 */
export function releaseTarget(flags: ReleaseFlags, readConfig: (file: string) => AppConfig): ReleaseTarget {
  if (flags.pipeline !== undefined) return { pipelineName: flags.pipeline };
  const config = readConfig(flags.config ?? DEFAULT_CONFIG_FILE);
  return { pipelineName: pipelineName(config), configRegion: config.tooling.region };
}
