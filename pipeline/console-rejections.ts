import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AppConfig } from '../config';
import { approvalActionName, pipelineName } from '../config';
import { acknowledge } from '../compliance/acknowledge';
import { nagResource } from '../stages/constructs/nag-resource';
import { acknowledgeScopedWildcards } from '../stages/constructs/scoped-wildcards';
import { RegistryApproval } from './registry-approval';
import { projectVersionsArn } from './steps/registry-grants';

/** the handler's source, inlined into the template (it needs only the SDK the runtime ships). */
export const HANDLER_FILE = join(__dirname, 'console-rejection', 'index.js');

/** props of ConsoleRejections. */
export interface ConsoleRejectionsProps {
  /** the validated config (the pipeline's name, the project prefix, its production stages) */
  readonly config: AppConfig;
  /** the pipeline's key: it encrypts the function's log group and its dead-letter queue */
  readonly key: kms.IKey;
}

/**
 * the registry's side of a production approval that is rejected outside `mlpipe reject` (in the
 * CodePipeline console): an EventBridge rule on the FAILED state of the approval actions that
 * promote to production invokes a function that marks the execution's versions (the Train step's
 * MODEL_VERSIONS) Rejected, with `mlpipe reject`'s skip rule (an Approved version, which
 * production serves, stays Approved). Events that cannot be handled end in an encrypted
 * dead-letter queue.
 */
export class ConsoleRejections extends Construct {
  /** the approval actions that promote to production, stage -> action */
  public readonly approvals: Readonly<Record<string, string>>;
  /** the rule */
  public readonly rule: events.Rule;
  /** the function */
  public readonly handler: lambda.Function;
  /** where events end that the function could not handle */
  public readonly deadLetters: sqs.Queue;

  /** whether a config has an approval that promotes to production (otherwise there is nothing to watch). */
  public static needed(config: Pick<AppConfig, 'stages'>): boolean {
    return config.stages.some((s) => RegistryApproval.promotes(s));
  }

  constructor(scope: Construct, id: string, props: ConsoleRejectionsProps) {
    super(scope, id);
    const { config, key } = props;
    const stack = Stack.of(this);
    const pipeline = pipelineName(config);
    const promoting = config.stages.filter((s) => RegistryApproval.promotes(s));
    if (promoting.length === 0) throw new Error(`ConsoleRejections: no stage of pipeline ${pipeline} is a production stage with an approval; define it only when ConsoleRejections.needed(config)`);
    this.approvals = Object.fromEntries(promoting.map((s) => [s.name, approvalActionName(s)]));

    const logGroup = new logs.LogGroup(this, 'Logs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `marks the model versions of a rejected production promotion of ${pipeline} Rejected` });
    const versions = new iam.PolicyStatement({ sid: 'MarkVersionsRejected', actions: ['sagemaker:DescribeModelPackage', 'sagemaker:UpdateModelPackage'], resources: [projectVersionsArn(config.project.prefix)] });
    const streams = `${logGroup.logGroupArn}:log-stream:*`;
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'console rejections: read the rejected execution\'s model versions and mark them Rejected',
      roles: [role],
      statements: [
        new iam.PolicyStatement({ sid: 'ReadExecutionVersions', actions: ['codepipeline:ListActionExecutions'], resources: [stack.formatArn({ service: 'codepipeline', resource: pipeline })] }),
        versions,
        new iam.PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn, streams] }),
        new iam.PolicyStatement({ sid: 'SendDeadLetters', actions: ['sqs:SendMessage'], resources: [this.deadLetters.queueArn] }),
        new iam.PolicyStatement({ sid: 'EncryptDeadLetters', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
      ],
    });
    acknowledgeScopedWildcards(policy, [
      { statement: versions, reason: `the versions of the project's model package groups (named ${config.project.prefix}-<model>), whose numbers SageMaker assigns at registration; the function reads and sets their approval status only` },
    ]);
    acknowledge(policy, { ids: [`AwsSolutions-IAM5[Resource::${nagResource(this, streams)}]`], reason: 'log stream names are chosen by the Lambda runtime at each cold start; the grant is limited to the streams of the function\'s own log group' });

    this.handler = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(readFileSync(HANDLER_FILE, 'utf8')),
      role,
      timeout: Duration.minutes(1),
      memorySize: 256,
      reservedConcurrentExecutions: 1,
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      logGroup,
      environment: { PIPELINE_NAME: pipeline, APPROVALS: JSON.stringify(this.approvals) },
      description: `marks the model versions of a production approval of ${pipeline} that was rejected Rejected in the model registry`,
    });
    // set here, not with the deadLetterQueue prop, whose automatic grant includes kms:ReEncrypt*; the policy above grants exactly the send
    (this.handler.node.defaultChild as lambda.CfnFunction).deadLetterConfig = { targetArn: this.deadLetters.queueArn };
    this.handler.node.addDependency(policy);
    acknowledge(this.handler, {
      ids: ['NIST.800.53.R5-LambdaInsideVPC', 'HIPAA.Security-LambdaInsideVPC', 'PCI.DSS.321-LambdaInsideVPC'],
      reason: 'the function only calls the CodePipeline and SageMaker control-plane APIs of the tooling account, whose pipeline stack has no VPC, and handles no data beyond version ARNs',
    });

    // named, so the key policy below can name the rule without a reference (the key encrypts the function's logs: a cycle)
    const ruleName = `${config.project.prefix}-registry-console-rejections`;
    this.rule = new events.Rule(this, 'Rule', {
      ruleName,
      description: `registry: a rejected production approval of ${pipeline} marks the execution's model versions Rejected`,
      eventPattern: {
        source: ['aws.codepipeline'],
        detailType: ['CodePipeline Action Execution State Change'],
        detail: { pipeline: [pipeline], stage: Object.keys(this.approvals), action: Object.values(this.approvals), state: ['FAILED'], type: { category: ['Approval'] } },
      },
      targets: [new targets.LambdaFunction(this.handler, { deadLetterQueue: this.deadLetters, retryAttempts: 8, maxEventAge: Duration.hours(6) })],
    });
    // EventBridge encrypts what it sends to the dead-letter queue with the queue's key, for this rule only
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'Dead letters of the console-rejection rule',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:SourceArn': stack.formatArn({ service: 'events', resource: 'rule', resourceName: ruleName }) } },
      }),
    );
  }
}
