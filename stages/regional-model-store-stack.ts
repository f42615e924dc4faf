import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { defineAccessLogBucket } from './constructs/access-log-bucket';
import { EncryptionKey } from './constructs/encryption-key';
import type { ModelReader } from './constructs/model-readers';
import { defineModelsBucket } from './constructs/models-bucket';

/** props of a RegionalModelStoreStack. */
export interface RegionalModelStoreStackProps extends StackProps {
  /** prefix of physical names (the key alias, the same as the home store's in its region) */
  readonly namePrefix: string;
  /** the regional models bucket's name (see modelsBucketName(config, region)) */
  readonly modelsBucketName: string;
  /** the endpoint roles of the stage accounts that deploy to this region */
  readonly readers: readonly ModelReader[];
  /** the one role that may write model keys, create-only (the pipeline's TrainModel role) */
  readonly modelWriterRoleArn: string;
}

/**
 * the models of the tooling account in another region a stage deploys to: SageMaker reads a
 * model's data only from its own region, so the training step copies each published model from
 * the home models bucket to the same key here before any endpoint stage deploys. A rotating KMS
 * key (aliased like the home store's), a models bucket with the home bucket's properties, its
 * access-log bucket, and read grants for this region's stage endpoint roles only.
 */
export class RegionalModelStoreStack extends Stack {
  /** the key of the regional models bucket */
  public readonly key: EncryptionKey;
  /** the regional copies of the content-addressed models */
  public readonly modelsBucket: s3.Bucket;
  /** output: the bucket's name (the training step's MODELS_BUCKET_<REGION>) */
  public readonly modelsBucketNameOutput: CfnOutput;
  /** output: the key's ARN (the training step's MODEL_KMS_KEY_ARN_<REGION>) */
  public readonly modelKeyArnOutput: CfnOutput;

  constructor(scope: Construct, id: string, props: RegionalModelStoreStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    this.key = new EncryptionKey(this, 'ModelKey', { purpose: 'regional copies of the models', alias: `${props.namePrefix}/models` });
    const accessLogs = defineAccessLogBucket(this, 'AccessLogs', 'the regional models bucket');
    this.modelsBucket = defineModelsBucket(this, 'Models', {
      bucketName: props.modelsBucketName,
      key: this.key.key,
      accessLogsBucket: accessLogs,
      readers: props.readers,
      region: this.region,
      writerRoleArn: props.modelWriterRoleArn,
    });
    this.modelsBucketNameOutput = new CfnOutput(this, 'ModelsBucketName', { value: this.modelsBucket.bucketName, description: 'the regional models bucket' });
    this.modelKeyArnOutput = new CfnOutput(this, 'ModelKeyArn', { value: this.key.key.keyArn, description: 'the KMS key of the regional models bucket' });
  }
}
