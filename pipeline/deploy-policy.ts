import { CfnResource, Stage } from 'aws-cdk-lib';
import type { App } from 'aws-cdk-lib';
import { MlStage } from '../stages/ml-stage';

/**
 * what CloudFormation must be allowed, per resource type of the stage templates, to create,
 * update and delete it (the API calls its resource handlers make). A type missing here fails
 * deployExecutionPolicy, so a new resource type is a reviewed change to this list.
 */
export const DEPLOY_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'AWS::CDK::Metadata': [],
  'AWS::ApplicationAutoScaling::ScalableTarget': [
    'application-autoscaling:RegisterScalableTarget', 'application-autoscaling:DeregisterScalableTarget', 'application-autoscaling:DescribeScalableTargets',
    'application-autoscaling:PutScheduledAction', 'application-autoscaling:DeleteScheduledAction', 'application-autoscaling:DescribeScheduledActions',
    'application-autoscaling:TagResource', 'application-autoscaling:UntagResource', 'application-autoscaling:ListTagsForResource',
  ],
  'AWS::ApplicationAutoScaling::ScalingPolicy': ['application-autoscaling:PutScalingPolicy', 'application-autoscaling:DeleteScalingPolicy', 'application-autoscaling:DescribeScalingPolicies', 'cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms'],
  'AWS::CloudWatch::Alarm': ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'],
  'AWS::CloudWatch::Dashboard': ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards', 'cloudwatch:GetDashboard'],
  'AWS::EC2::FlowLog': ['ec2:CreateFlowLogs', 'ec2:DeleteFlowLogs', 'ec2:DescribeFlowLogs', 'logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'iam:PassRole'],
  'AWS::EC2::RouteTable': ['ec2:CreateRouteTable', 'ec2:DeleteRouteTable', 'ec2:DescribeRouteTables', 'ec2:CreateTags', 'ec2:DeleteTags'],
  'AWS::EC2::SecurityGroup': [
    'ec2:CreateSecurityGroup', 'ec2:DeleteSecurityGroup', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress',
    'ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress', 'ec2:CreateTags', 'ec2:DeleteTags',
  ],
  'AWS::EC2::SecurityGroupIngress': ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroupRules'],
  'AWS::EC2::Subnet': ['ec2:CreateSubnet', 'ec2:DeleteSubnet', 'ec2:DescribeSubnets', 'ec2:ModifySubnetAttribute', 'ec2:DescribeAvailabilityZones', 'ec2:CreateTags', 'ec2:DeleteTags'],
  'AWS::EC2::SubnetRouteTableAssociation': ['ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable', 'ec2:ReplaceRouteTableAssociation', 'ec2:DescribeRouteTables'],
  'AWS::EC2::VPC': ['ec2:CreateVpc', 'ec2:DeleteVpc', 'ec2:DescribeVpcs', 'ec2:DescribeVpcAttribute', 'ec2:ModifyVpcAttribute', 'ec2:CreateTags', 'ec2:DeleteTags'],
  'AWS::EC2::VPCEndpoint': ['ec2:CreateVpcEndpoint', 'ec2:DeleteVpcEndpoints', 'ec2:ModifyVpcEndpoint', 'ec2:DescribeVpcEndpoints', 'ec2:DescribePrefixLists', 'ec2:DescribeRouteTables', 'ec2:CreateTags', 'ec2:DeleteTags'],
  'AWS::IAM::ManagedPolicy': ['iam:CreatePolicy', 'iam:DeletePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:ListEntitiesForPolicy', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
  'AWS::IAM::Role': [
    'iam:CreateRole', 'iam:DeleteRole', 'iam:GetRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole',
    'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:ListAttachedRolePolicies',
  ],
  'AWS::KMS::Alias': ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias', 'kms:ListAliases'],
  'AWS::KMS::Key': [
    'kms:CreateKey', 'kms:DescribeKey', 'kms:EnableKey', 'kms:DisableKey', 'kms:EnableKeyRotation', 'kms:GetKeyRotationStatus', 'kms:PutKeyPolicy', 'kms:GetKeyPolicy',
    'kms:ScheduleKeyDeletion', 'kms:UpdateKeyDescription', 'kms:TagResource', 'kms:UntagResource', 'kms:ListResourceTags',
  ],
  'AWS::Lambda::Function': [
    'lambda:CreateFunction', 'lambda:DeleteFunction', 'lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration',
    'lambda:PutFunctionConcurrency', 'lambda:DeleteFunctionConcurrency', 'lambda:TagResource', 'lambda:UntagResource', 'lambda:ListTags', 'iam:PassRole',
  ],
  'AWS::Logs::LogGroup': ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:DescribeLogGroups', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:AssociateKmsKey', 'logs:DisassociateKmsKey', 'logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource'],
  'AWS::S3::Bucket': [
    's3:CreateBucket', 's3:DeleteBucket', 's3:PutBucketVersioning', 's3:GetBucketVersioning', 's3:PutEncryptionConfiguration', 's3:GetEncryptionConfiguration', 's3:PutBucketPublicAccessBlock',
    's3:GetBucketPublicAccessBlock', 's3:PutBucketLogging', 's3:GetBucketLogging', 's3:PutLifecycleConfiguration', 's3:GetLifecycleConfiguration', 's3:PutBucketOwnershipControls',
    's3:GetBucketOwnershipControls', 's3:PutBucketTagging', 's3:GetBucketTagging',
  ],
  'AWS::S3::BucketPolicy': ['s3:PutBucketPolicy', 's3:GetBucketPolicy', 's3:DeleteBucketPolicy'],
  'AWS::SNS::Subscription': ['sns:Subscribe', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'],
  'AWS::SNS::Topic': ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:TagResource', 'sns:UntagResource', 'sns:ListTagsForResource'],
  'AWS::SNS::TopicPolicy': ['sns:SetTopicAttributes', 'sns:GetTopicAttributes'],
  'AWS::SageMaker::Endpoint': ['sagemaker:CreateEndpoint', 'sagemaker:UpdateEndpoint', 'sagemaker:DeleteEndpoint', 'sagemaker:DescribeEndpoint', 'sagemaker:AddTags', 'sagemaker:DeleteTags', 'sagemaker:ListTags'],
  'AWS::SageMaker::EndpointConfig': ['sagemaker:CreateEndpointConfig', 'sagemaker:DeleteEndpointConfig', 'sagemaker:DescribeEndpointConfig', 'sagemaker:AddTags', 'sagemaker:DeleteTags', 'sagemaker:ListTags'],
  'AWS::SageMaker::Model': ['sagemaker:CreateModel', 'sagemaker:DeleteModel', 'sagemaker:DescribeModel', 'sagemaker:AddTags', 'sagemaker:DeleteTags', 'sagemaker:ListTags', 'iam:PassRole'],
  'Custom::SageMakerScalingHandoff': ['lambda:InvokeFunction'],
};

/** the services the execution role may pass the project's roles to. */
const PASSED_TO = ['sagemaker.amazonaws.com', 'lambda.amazonaws.com', 'vpc-flow-logs.amazonaws.com'];

/** an IAM policy document. */
export interface PolicyDocumentJson {
  readonly Version: '2012-10-17';
  readonly Statement: readonly { readonly Sid: string; readonly Effect: 'Allow'; readonly Action: string[]; readonly Resource: string | string[]; readonly Condition?: Record<string, Record<string, unknown>> }[];
}

/** every resource type of the stage stacks of an app (the stages' templates, not the pipeline's or Train's). */
export function stageResourceTypes(app: App): string[] {
  const types = new Set<string>();
  for (const stage of app.node.findAll().filter((c): c is MlStage => c instanceof MlStage)) {
    for (const resource of stage.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && Stage.of(c) === stage)) types.add(resource.cfnResourceType);
  }
  return [...types].sort();
}

/**
 * the CloudFormation execution policy of the stage accounts (bootstrap
 * `--cloudformation-execution-policies`): the actions of DEPLOY_ACTIONS for the given types; IAM
 * only on roles and policies named `<prefix>-*` (every role and policy the stage stacks create is
 * named after its stack), PassRole only to SageMaker, Lambda and VPC flow logs, and the
 * application-autoscaling service-linked role of SageMaker; everything else on `*` (those create
 * calls support no resource-level permissions). Throws on a type without an entry.
 */
export function deployExecutionPolicy(prefix: string, resourceTypes: readonly string[]): PolicyDocumentJson {
  const unknown = resourceTypes.filter((t) => DEPLOY_ACTIONS[t] === undefined);
  if (unknown.length > 0) throw new Error(`the stage templates contain ${unknown.join(', ')}, which the deploy policy does not cover; add the actions CloudFormation needs for it to DEPLOY_ACTIONS in pipeline/deploy-policy.ts`);
  const actions = [...new Set(resourceTypes.flatMap((t) => DEPLOY_ACTIONS[t]))].sort();
  const iamActions = actions.filter((a) => a.startsWith('iam:') && a !== 'iam:PassRole');
  const others = actions.filter((a) => !a.startsWith('iam:'));
  const statements: PolicyDocumentJson['Statement'][number][] = [
    { Sid: 'ManageStageResources', Effect: 'Allow', Action: others, Resource: '*' },
    { Sid: 'ManageProjectRolesAndPolicies', Effect: 'Allow', Action: iamActions, Resource: [`arn:aws:iam::*:role/${prefix}-*`, `arn:aws:iam::*:policy/${prefix}-*`] },
  ];
  if (actions.includes('iam:PassRole')) {
    statements.push({ Sid: 'PassProjectRoles', Effect: 'Allow', Action: ['iam:PassRole'], Resource: `arn:aws:iam::*:role/${prefix}-*`, Condition: { StringEquals: { 'iam:PassedToService': PASSED_TO } } });
  }
  if (resourceTypes.includes('AWS::ApplicationAutoScaling::ScalableTarget')) {
    statements.push({
      Sid: 'SageMakerAutoScalingServiceRole',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: 'arn:aws:iam::*:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'sagemaker.application-autoscaling.amazonaws.com' } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
