import { Aws } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as notifications from 'aws-cdk-lib/aws-codestarnotifications';
import { Construct } from 'constructs';
import { confusedDeputyConditions } from '../stages/constructs/encryption-key';

/** the services that publish to the pipeline's topics: notification rules and EventBridge rules. */
export const TOPIC_PUBLISHERS = ['codestar-notifications.amazonaws.com', 'events.amazonaws.com'] as const;

/** props of an EncryptedTopic. */
export interface EncryptedTopicProps {
  /** the key that encrypts messages at rest */
  readonly key: kms.IKey;
  /** shown as the sender of e-mails */
  readonly displayName: string;
  /**
   * addresses subscribed by e-mail (each must confirm the subscription)
   * @default - no subscription
   */
  readonly emails?: readonly string[];
}

/** an SNS topic encrypted with a customer key, refusing publishes without TLS. */
export class EncryptedTopic extends Construct {
  /** the topic */
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: EncryptedTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName,
      masterKey: props.key,
      enforceSSL: true,
    });
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    // confused deputy: whatever publish grants targets add, the services publish for this account only
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyPublishForOtherAccounts',
        effect: iam.Effect.DENY,
        principals: TOPIC_PUBLISHERS.map((service) => new iam.ServicePrincipal(service)),
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringNotEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }
}

/** the CodePipeline events release managers and the platform team hear about. */
export const PIPELINE_NOTIFICATION_EVENTS = [
  codepipeline.PipelineNotificationEvents.PIPELINE_EXECUTION_FAILED,
  codepipeline.PipelineNotificationEvents.MANUAL_APPROVAL_NEEDED,
  codepipeline.PipelineNotificationEvents.MANUAL_APPROVAL_FAILED,
] as const;

/** props of PipelineNotifications. */
export interface PipelineNotificationsProps {
  /** the built pipeline */
  readonly pipeline: codepipeline.IPipeline;
  /** the topics told about failures and pending approvals */
  readonly topics: readonly sns.ITopic[];
  /** the key of topics this app defines; the notifications service must be able to use it */
  readonly key: kms.IKey;
}

/** routes pipeline failures and approval requests to SNS through a CodeStar notification rule. */
export class PipelineNotifications extends Construct {
  constructor(scope: Construct, id: string, props: PipelineNotificationsProps) {
    super(scope, id);
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'PublishEncryptedNotifications',
        principals: TOPIC_PUBLISHERS.map((service) => new iam.ServicePrincipal(service)),
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: confusedDeputyConditions('codestar-notifications.amazonaws.com'),
      }),
    );
    // the notification rule's target adds its own unconditioned grant: deny its use for other accounts
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyNotificationsForOtherAccounts',
        effect: iam.Effect.DENY,
        principals: TOPIC_PUBLISHERS.map((service) => new iam.ServicePrincipal(service)),
        actions: ['kms:*'],
        resources: ['*'],
        conditions: { StringNotEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    const rule = new notifications.NotificationRule(this, 'Rule', {
      source: props.pipeline,
      events: [...PIPELINE_NOTIFICATION_EVENTS],
      detailType: notifications.DetailType.FULL,
    });
    for (const topic of props.topics) rule.addTarget(topic);
  }
}
