import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import type { CfnResource } from 'aws-cdk-lib';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { prop, resolveIn } from '../internal/cfn-values';
import type { SageMakerRule } from './sagemaker-rule';

/** an endpoint config that captures data encrypts the capture with a KMS key. */
export function dataCaptureEncrypted(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof CfnEndpointConfig)) return NagRuleCompliance.NOT_APPLICABLE;
  const capture = resolveIn(node, node.dataCaptureConfig);
  if (capture === undefined || prop(capture, 'enableCapture') === false) return NagRuleCompliance.NOT_APPLICABLE;
  const key = prop(capture, 'kmsKeyId');
  return key === undefined || key === '' ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

export const DATA_CAPTURE_ENCRYPTED: SageMakerRule = {
  suffix: 'DataCaptureEncrypted',
  info: 'The SageMaker endpoint config captures requests and responses without a KMS key (DataCaptureConfig.KmsKeyId).',
  explanation:
    'Captured payloads are the inference traffic itself and may hold personal data; encrypting them with a KMS key keeps them readable only by principals the key policy allows.',
  level: NagMessageLevel.ERROR,
  rule: dataCaptureEncrypted,
};
