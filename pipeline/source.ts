import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CodePipelineSource } from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import type { SourceConfig } from '../config';
import { ConnectionSource } from './connection-source';

/**
 * defines the pipeline's source from the config: a CodeCommit repository (defined here or
 * imported), a GitHub repository through CodeConnections, or a zip in S3.
 */
export function pipelineSource(scope: Construct, source: SourceConfig): CodePipelineSource {
  switch (source.kind) {
    case 'codecommit': {
      const repository = source.create
        ? new codecommit.Repository(scope, 'Repository', {
            repositoryName: source.repository,
            description: 'source of the SageMaker CDK pipeline',
          })
        : codecommit.Repository.fromRepositoryName(scope, 'Repository', source.repository);
      return CodePipelineSource.codeCommit(repository, source.branch, { actionName: 'Source' });
    }
    case 'github':
      return new ConnectionSource(source.repository, source.branch, {
        connectionArn: source.connectionArn,
        actionName: 'Source',
        // the pipeline's V2 trigger (branch and file-path filters) starts executions instead
        triggerOnPush: true,
      });
    case 's3': {
      const bucket = s3.Bucket.fromBucketName(scope, 'SourceBucket', source.bucket);
      return CodePipelineSource.s3(bucket, source.objectKey, { actionName: 'Source' });
    }
  }
}
