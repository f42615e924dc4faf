import type { AwsCall } from './call-record';

const IAM_PREFIX: Readonly<Record<string, string>> = { S3: 's3', SageMaker: 'sagemaker', 'SageMaker Runtime': 'sagemaker', CodePipeline: 'codepipeline' };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * the IAM permission a denied call needed, as advice: `s3:GetObject on s3://b/k, and s3:ListBucket
 * on b to tell a missing key from a forbidden one` for a HEAD; `<prefix>:<Operation>` for calls
 * whose action has the operation's name. Undefined for a service it does not know.
 */
export function neededPermission(call: AwsCall): string | undefined {
  const bucket = text(call.input.Bucket);
  const key = text(call.input.Key);
  const object = bucket ? `s3://${bucket}${key ? `/${key}` : ''}` : 'the object';
  if (call.service === 'S3') {
    switch (call.operation) {
      case 'HeadObject':
        return `s3:GetObject on ${object}, and s3:ListBucket on ${bucket ?? 'the bucket'} to tell a missing key from a forbidden one (without it S3 answers 403 for a missing key too)`;
      case 'CopyObject':
      case 'UploadPartCopy': {
        const source = text(call.input.CopySource);
        return `s3:GetObject on ${source ? `s3://${decodeURIComponent(source)}` : 'the source'} and s3:PutObject on ${object}, with kms:Decrypt on the source's KMS key and kms:GenerateDataKey on ${text(call.input.SSEKMSKeyId) ?? "the destination's key"}`;
      }
      case 'GetObject':
        return `s3:GetObject on ${object} (and kms:Decrypt on its KMS key)`;
      case 'PutObject':
        return `s3:PutObject on ${object} (and kms:GenerateDataKey on the bucket's KMS key)`;
      // IAM authorizes the steps of a multipart upload as s3:PutObject (there is no s3:CreateMultipartUpload action)
      case 'CreateMultipartUpload':
      case 'UploadPart':
      case 'CompleteMultipartUpload':
        return `s3:PutObject on ${object}, which authorizes every step of a multipart upload (and kms:GenerateDataKey and kms:Decrypt on the bucket's KMS key)`;
      case 'AbortMultipartUpload':
        return `s3:AbortMultipartUpload on ${object}`;
      default:
        return `s3:${call.operation}`;
    }
  }
  if (call.service === 'SageMaker' && call.operation === 'CreateTrainingJob') {
    return `sagemaker:CreateTrainingJob on ${text(call.input.TrainingJobName) ?? 'the job'} (with sagemaker:NetworkIsolation) and iam:PassRole on ${text(call.input.RoleArn) ?? 'the training execution role'}`;
  }
  const prefix = IAM_PREFIX[call.service];
  return prefix ? `${prefix}:${call.operation}` : undefined;
}
