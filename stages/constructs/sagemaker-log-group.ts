import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** props of defineSageMakerLogGroup. */
export interface SageMakerLogGroupProps {
  /** the name SageMaker writes to, e.g. `/aws/sagemaker/Endpoints/<endpoint>` */
  readonly logGroupName: string;
  /** the key the group is encrypted with (its policy must admit logs.<region>.amazonaws.com) */
  readonly key: kms.IKey;
  /**
   * how long events are kept
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly retention?: logs.RetentionDays;
}

/**
 * the log group SageMaker writes to, created by us (encrypted, with a retention, retained on stack
 * deletion) instead of by SageMaker at run time, unencrypted and kept forever. A group SageMaker
 * already created under that name must be deleted (or imported) before the first deploy.
 */
export function defineSageMakerLogGroup(scope: Construct, id: string, props: SageMakerLogGroupProps): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    encryptionKey: props.key,
    retention: props.retention ?? logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
