import { Aws } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';

/** what the workloads of a VPC do in this account's buckets through the S3 gateway endpoint. */
export const OWN_BUCKET_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
  's3:ListBucket',
  's3:GetBucketLocation',
] as const;

/** the bucket ECR serves image layers from in a region (pulls through a VPC-only network need it). */
export function ecrLayerBucketArn(region: string): string {
  return `arn:${Aws.PARTITION}:s3:::prod-${region}-starport-layer-bucket/*`;
}

/**
 * the S3 gateway endpoint's policy: this account's buckets (`aws:ResourceAccount`), the named
 * buckets of other accounts read-only (the tooling account's models bucket for a stage), and the
 * region's ECR layer bucket; nothing else, so a workload cannot copy data out to a bucket of
 * another account through the endpoint.
 */
export function restrictS3GatewayEndpoint(endpoint: ec2.GatewayVpcEndpoint, region: string, readBucketNames: readonly string[]): void {
  endpoint.addToPolicy(
    new iam.PolicyStatement({
      sid: 'OwnAccountBuckets',
      principals: [new iam.AnyPrincipal()],
      actions: [...OWN_BUCKET_ACTIONS],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:ResourceAccount': Aws.ACCOUNT_ID } },
    }),
  );
  if (readBucketNames.length > 0) {
    const buckets = readBucketNames.map((name) => `arn:${Aws.PARTITION}:s3:::${name}`);
    endpoint.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadNamedBuckets',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation'],
        resources: [...buckets, ...buckets.map((b) => `${b}/*`)],
      }),
    );
  }
  endpoint.addToPolicy(
    new iam.PolicyStatement({
      sid: 'EcrImageLayers',
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject'],
      resources: [ecrLayerBucketArn(region)],
    }),
  );
}

/** an interface endpoint's policy: any call, by principals of this account only (`aws:PrincipalAccount`). */
export function restrictInterfaceEndpoint(endpoint: ec2.InterfaceVpcEndpoint): void {
  endpoint.addToPolicy(
    new iam.PolicyStatement({
      sid: 'OwnAccountPrincipals',
      principals: [new iam.AnyPrincipal()],
      actions: ['*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:PrincipalAccount': Aws.ACCOUNT_ID } },
    }),
  );
}
