import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { CfnOutput } from 'aws-cdk-lib';
import type { IFileSetProducer } from 'aws-cdk-lib/pipelines';
import { CodeBuildStep } from 'aws-cdk-lib/pipelines';
import { MODEL_VERSIONS_VARIABLE } from '../../config/registry-names';
import { readBuildspec } from '../buildspec-file';

/** the Train stage's outputs the step reads, by the variable it sets. */
export interface TrainingOutputs {
  readonly TRAINING_IMAGE_URI: CfnOutput;
  readonly TRAINING_ROLE_ARN: CfnOutput;
  readonly MODELS_BUCKET: CfnOutput;
  readonly TRAINING_DATA_BUCKET: CfnOutput;
  readonly MODEL_KMS_KEY_ARN: CfnOutput;
  readonly TRAINING_SUBNET_IDS: CfnOutput;
  readonly TRAINING_SECURITY_GROUP_ID: CfnOutput;
  readonly EXPECTED_MODEL_KEY: CfnOutput;
  readonly EXPECTED_MODEL_KEYS: CfnOutput;
  readonly SERVING_IMAGE_URI: CfnOutput;
  /** the script-mode models' packed sourceDirs (JSON of model name to S3 URI) */
  readonly SOURCE_ARCHIVES: CfnOutput;
}

/** props of a TrainModelStep. */
export interface TrainModelStepProps {
  /** the source checkout (the config, the CLI and its lockfile) */
  readonly input: IFileSetProducer;
  /** the CodeBuild project name */
  readonly projectName: string;
  /** the role the project runs as (see TrainModelRole) */
  readonly role: iam.IRole;
  /** the Train stage's outputs */
  readonly outputs: TrainingOutputs;
  /**
   * the regional model stores' outputs, by variable (`MODELS_BUCKET_<REGION>`,
   * `MODEL_KMS_KEY_ARN_<REGION>`, see regionalModelStoreVariables)
   * @default - none: every stage deploys to the tooling region
   */
  readonly regionalOutputs?: Readonly<Record<string, CfnOutput>>;
  /**
   * how long the step may wait for the jobs, in seconds: the slowest model's max wait (spot) or
   * max runtime, times the rounds training.maxConcurrentJobs splits the models into
   */
  readonly maxJobSeconds: number;
  /**
   * the ARN of the report group of the training report (`reports: training` of
   * buildspecs/train.yml): one test case per model, trained, skipped or failed. A literal ARN, so
   * the buildspec stays a plain string
   * @default - CodeBuild names a group `<project>-training` on the fly
   */
  readonly reportGroupArn?: string;
}

/** CodeBuild's longest build timeout (36 hours). */
export const MAX_BUILD_MINUTES = 2160;

/**
 * the Train stage's post-step: runs `buildspecs/train.yml` (`npx mlpipe train`), which trains the
 * catalogue's models on managed spot unless their content-addressed keys exist. Its output is the
 * training report (`reports/training/report.json`).
 */
export class TrainModelStep extends CodeBuildStep {
  /** the step's MODEL_VERSIONS variable (`#{<namespace>.MODEL_VERSIONS}`): each model's version in the registry */
  public readonly modelVersions: string;

  constructor(id: string, props: TrainModelStepProps) {
    const minutes = Math.ceil(props.maxJobSeconds / 60) + 30;
    if (minutes > MAX_BUILD_MINUTES) {
      throw new Error(
        `the training jobs may take ${props.maxJobSeconds} s (the slowest model's maxWaitSeconds/maxRuntimeSeconds times the rounds of training.maxConcurrentJobs); plus 30 minutes that exceeds CodeBuild's longest build (${MAX_BUILD_MINUTES} minutes); lower the wait, or raise training.maxConcurrentJobs, to keep it at most ${(MAX_BUILD_MINUTES - 30) * 60} s`,
      );
    }
    const spec = readBuildspec('train');
    const reports = { ...((spec.partial.reports ?? {}) as Record<string, unknown>) };
    if (props.reportGroupArn) {
      reports[props.reportGroupArn] = reports.training;
      delete reports.training;
    }
    super(id, {
      input: props.input,
      projectName: props.projectName,
      installCommands: spec.installCommands,
      commands: spec.commands,
      partialBuildSpec: codebuild.BuildSpec.fromObject({ ...spec.partial, reports }),
      rolePolicyStatements: props.reportGroupArn
        ? [new iam.PolicyStatement({ actions: ['codebuild:CreateReport', 'codebuild:UpdateReport', 'codebuild:BatchPutTestCases'], resources: [props.reportGroupArn] })]
        : undefined,
      envFromCfnOutputs: { ...props.regionalOutputs, ...props.outputs },
      role: props.role,
      timeout: Duration.minutes(minutes),
      primaryOutputDirectory: 'reports/training',
    });
    this.modelVersions = this.exportedVariable(MODEL_VERSIONS_VARIABLE);
  }
}
