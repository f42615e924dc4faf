import { Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ArtifactStore } from './artifact-store';

/** props of an ArtifactReplicaStack. */
export interface ArtifactReplicaStackProps extends StackProps {
  /** prefix of physical names (the key alias) */
  readonly namePrefix: string;
  /** the bucket's physical name (see artifactReplicaBucketName) */
  readonly bucketName: string;
}

/**
 * the pipeline's artifact store in another region of the tooling account: CodePipeline copies
 * artifacts there for the actions of stages in that region. It replaces the support stack CDK
 * Pipelines would otherwise define, so the replica meets the same compliance rules as the main store.
 */
export class ArtifactReplicaStack extends Stack {
  /** the replication bucket, with a physical name the pipeline stack refers to across regions */
  public readonly bucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: ArtifactReplicaStackProps) {
    super(scope, id, props);
    this.bucket = new ArtifactStore(this, 'Artifacts', {
      namePrefix: props.namePrefix,
      bucketName: props.bucketName,
    }).bucket;
  }
}
