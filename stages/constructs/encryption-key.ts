import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** props of an EncryptionKey. */
export interface EncryptionKeyProps {
  /** what the key protects, for its description and alias */
  readonly purpose: string;
  /**
   * the alias, without the `alias/` prefix
   * @default - no alias
   */
  readonly alias?: string;
  /**
   * service principals (e.g. `logs.eu-west-1.amazonaws.com`) allowed to use the key through the
   * services that call KMS on our behalf, each on behalf of this account only (see
   * confusedDeputyConditions)
   * @default - no service principal is added
   */
  readonly servicePrincipals?: readonly string[];
}

/**
 * a customer-managed symmetric KMS key with yearly automatic rotation, retained on stack
 * deletion so data encrypted with it stays readable.
 */
export class EncryptionKey extends Construct {
  /** the key */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `encrypts ${props.purpose}`,
      alias: props.alias ? `alias/${props.alias}` : undefined,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const principal of props.servicePrincipals ?? []) {
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `Use by ${principal}`,
          principals: [new iam.ServicePrincipal(principal)],
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          resources: ['*'],
          conditions: confusedDeputyConditions(principal),
        }),
      );
    }
  }
}

/**
 * the conditions that keep a service principal's use of a key to this account (the confused
 * deputy): CloudWatch Logs by the log-group ARN in its encryption context (it sends no
 * aws:SourceAccount to KMS), every other service by `aws:SourceAccount`.
 */
export function confusedDeputyConditions(principal: string): Record<string, Record<string, string>> {
  if (/^logs\.[a-z0-9-]+\.amazonaws\.com$/.test(principal)) {
    return { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` } };
  }
  return { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } };
}
