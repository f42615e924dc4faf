/** the custom resource event fields the handler reads. */
export interface HandoffEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: HandoffProperties;
  readonly OldResourceProperties?: Partial<HandoffProperties>;
}

/** the properties of a `Custom::SageMakerScalingHandoff` (CloudFormation passes numbers as strings). */
export interface HandoffProperties {
  readonly EndpointName: string;
  readonly VariantName: string;
  readonly InstanceType: string;
  readonly MinCapacity: number | string;
  readonly MaxCapacity: number | string;
  readonly ScheduledActions?: readonly Record<string, unknown>[];
  /** the tags of the CloudFormation scalable target, restored on re-registration */
  readonly Tags?: Readonly<Record<string, string>>;
}

/** the SDK calls the handler makes. */
export interface HandoffSdk {
  describeEndpoint(name: string): Promise<{ EndpointConfigName: string } | undefined>;
  describeEndpointConfig(name: string): Promise<{ ProductionVariants?: { VariantName: string; InstanceType?: string }[] }>;
  deregister(target: Record<string, unknown>): Promise<unknown>;
  register(target: Record<string, unknown>): Promise<{ ScalableTargetARN?: string } | undefined>;
  tag(resourceArn: string, tags: Readonly<Record<string, string>>): Promise<unknown>;
  putScheduledAction(action: Record<string, unknown>): Promise<unknown>;
}

/** what the handler did for one event. */
export function converge(event: HandoffEvent, sdk: HandoffSdk): Promise<'none' | 'deregister' | 'register'>;

/** the Lambda entry point. */
export function handler(event: unknown): Promise<void>;
