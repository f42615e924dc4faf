import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** the name of the role a stage's smoke test assumes, e.g. `mlops-staging-smoke-test-eu-west-1`. */
export function smokeTestRoleName(prefix: string, stageName: string, region: string): string {
  return `${prefix}-${stageName.toLowerCase()}-smoke-test-${region}`;
}

/**
 * the name of the tooling account's role that runs one stage's smoke tests, e.g.
 * `mlops-staging-smoke-runner`: one per stage, so Staging's steps cannot assume Prod's role.
 */
export function smokeTestRunnerRoleName(prefix: string, stageName: string): string {
  return `${prefix}-${stageName.toLowerCase()}-smoke-runner`;
}

/** props of a SmokeTestRole. */
export interface SmokeTestRoleProps {
  /** the project prefix */
  readonly prefix: string;
  /** the stage name */
  readonly stageName: string;
  /** the endpoint the smoke test invokes */
  readonly endpointName: string;
  /** the tooling account, whose runner role of this stage may assume this role */
  readonly toolingAccount: string;
}

/**
 * the role the pipeline's smoke and latency steps (a CodeBuild project in the tooling account)
 * assume in the stage account: it may invoke this stage's endpoint and nothing else. Only the
 * tooling account's runner role of this stage (`<prefix>-<stage>-smoke-runner`) may assume it.
 */
export class SmokeTestRole extends Construct {
  /** the role */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SmokeTestRoleProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    this.role = new iam.Role(this, 'Role', {
      roleName: smokeTestRoleName(props.prefix, props.stageName, region),
      description: `pipeline smoke and latency tests: invoke endpoint ${props.endpointName}`,
      assumedBy: new iam.AccountPrincipal(props.toolingAccount).withConditions({
        ArnEquals: { 'aws:PrincipalArn': `arn:${Aws.PARTITION}:iam::${props.toolingAccount}:role/${smokeTestRunnerRoleName(props.prefix, props.stageName)}` },
      }),
    });
    new iam.ManagedPolicy(this, 'Policy', {
      description: `invoke endpoint ${props.endpointName} only`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'InvokeStageEndpoint',
          actions: ['sagemaker:InvokeEndpoint'],
          resources: [`arn:${Aws.PARTITION}:sagemaker:${region}:${Aws.ACCOUNT_ID}:endpoint/${props.endpointName.toLowerCase()}`],
        }),
      ],
    });
  }
}
