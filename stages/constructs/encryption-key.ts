import { Duration, RemovalPolicy } from 'aws-cdk-lib';
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
   * services that call KMS on our behalf.
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
      this.key.grantEncryptDecrypt(new iam.ServicePrincipal(principal));
    }
  }
}
