import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CodePipelineSource } from 'aws-cdk-lib/pipelines';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { Construct } from 'constructs';
import type { AppConfig } from '../config';
import { approvalRuleTemplateName, defaultReviewerPattern } from '../config';
import { ConnectionSource } from './connection-source';
import { ReviewRule } from './review-rule';

/**
 * defines the pipeline's source from the config: a CodeCommit repository (defined here, with the
 * approval-rule template that makes pull requests into the branch need a review, or imported), a
 * GitHub repository through CodeConnections, or a zip in S3. `logsKey` encrypts the template's
 * custom-resource logs.
 */
export function pipelineSource(scope: Construct, config: Pick<AppConfig, 'project' | 'tooling' | 'source'>, logsKey: kms.IKey): CodePipelineSource {
  const source = config.source;
  switch (source.kind) {
    case 'codecommit': {
      let repository: codecommit.IRepository;
      if (source.create) {
        repository = new codecommit.Repository(scope, 'Repository', {
          repositoryName: source.repository,
          description: 'source of the SageMaker CDK pipeline',
        });
        new ReviewRule(scope, 'ReviewRule', {
          repository,
          branch: source.branch,
          templateName: approvalRuleTemplateName(config),
          approvers: source.reviewers ?? [defaultReviewerPattern(config, RegionInfo.get(config.tooling.region).partition ?? 'aws')],
          approvalsNeeded: source.approvalsNeeded,
          logsKey,
        });
      } else {
        repository = codecommit.Repository.fromRepositoryName(scope, 'Repository', source.repository);
      }
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
