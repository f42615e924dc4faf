import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFileSetProducer } from 'aws-cdk-lib/pipelines';
import { CodeBuildStep } from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { acknowledgeScopedWildcards } from '../../stages/constructs/scoped-wildcards';
import { MODEL_VERSIONS_VARIABLE } from '../../config/registry-names';
import { readBuildspec } from '../buildspec-file';
import { projectVersionsArn } from './registry-grants';

/** props of a RegistryApproverRole. */
export interface RegistryApproverRoleProps {
  /** the project prefix (the role's name, the groups it may update) */
  readonly prefix: string;
}

/**
 * the role of the step after the production approval: read and update the approval status of the
 * versions of the project's model package groups, nothing else in SageMaker.
 */
export class RegistryApproverRole extends Construct {
  /** the role */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: RegistryApproverRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      roleName: `${props.prefix}-registry-approver`,
      assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
      description: 'pipeline step after the production approval: mark the promoted model versions Approved',
    });
    const update = new iam.PolicyStatement({
      sid: 'MarkModelVersions',
      actions: ['sagemaker:DescribeModelPackage', 'sagemaker:UpdateModelPackage'],
      resources: [projectVersionsArn(props.prefix)],
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'pipeline registry approval step: mark model package versions Approved',
      roles: [this.role],
      statements: [update],
    });
    acknowledgeScopedWildcards(policy, [
      { statement: update, reason: `the versions of the project's model package groups (named ${props.prefix}-<model>), whose numbers SageMaker assigns at registration; the step reads and sets their approval status only` },
    ]);
  }
}

/** props of a RegistryApprovalStep. */
export interface RegistryApprovalStepProps {
  /** the source checkout (the CLI and its lockfile, the config) */
  readonly input: IFileSetProducer;
  /** the CodeBuild project name */
  readonly projectName: string;
  /** the role the project runs as (see RegistryApproverRole) */
  readonly role: iam.IRole;
  /** the Train step's MODEL_VERSIONS variable (TrainModelStep.modelVersions) */
  readonly modelVersions: string;
}

/**
 * runs `buildspecs/registry-approve.yml` (`npx mlpipe registry approve`) after a production
 * approval, whether it was given with `mlpipe approve` or in the console: the versions the
 * execution carries are marked Approved before the stage deploys them.
 */
export class RegistryApprovalStep extends CodeBuildStep {
  constructor(id: string, props: RegistryApprovalStepProps) {
    const spec = readBuildspec('registry-approve');
    super(id, {
      input: props.input,
      projectName: props.projectName,
      installCommands: spec.installCommands,
      commands: spec.commands,
      partialBuildSpec: codebuild.BuildSpec.fromObject(spec.partial),
      env: { [MODEL_VERSIONS_VARIABLE]: props.modelVersions, PIPELINE_EXECUTION_ID: '#{codepipeline.PipelineExecutionId}' },
      role: props.role,
    });
  }
}
