import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';

/** the function's settings (its environment). */
export interface RejectionSettings {
  /** the pipeline whose approvals it watches */
  readonly pipelineName: string;
  /** the approval actions that promote to production, stage -> action */
  readonly approvals: Readonly<Record<string, string>>;
}

/** a rejected production promotion. */
export interface Rejection {
  readonly stage: string;
  readonly action: string;
  readonly executionId: string;
  /** the approver's comment (PutApprovalResult's summary), empty when there is none */
  readonly summary: string;
}

/** what happened to one version. */
export interface RejectedVersion {
  readonly model: string;
  readonly arn: string;
  readonly was: string;
  readonly now: string;
  /** why it was left as it was, when it was */
  readonly kept?: string;
}

/** the clients the handler calls. */
export interface RejectionClients {
  readonly codepipeline: CodePipelineClient;
  readonly sagemaker: SageMakerClient;
  readonly sleep: (ms: number) => Promise<void>;
}

/** the CodePipeline event fields the handler reads. */
export interface ActionStateChangeEvent {
  readonly 'detail-type'?: string;
  readonly detail?: {
    readonly pipeline?: string;
    readonly 'execution-id'?: string;
    readonly stage?: string;
    readonly action?: string;
    readonly state?: string;
    readonly type?: { readonly category?: string };
    readonly 'execution-result'?: { readonly 'external-execution-summary'?: string };
  };
}

export function settingsFrom(env: Readonly<Record<string, string | undefined>>): RejectionSettings;
export function rejectionOf(event: ActionStateChangeEvent, settings: RejectionSettings): { rejection?: Rejection; ignored?: string };
export function descriptionOf(rejection: Rejection): string;
export function parseModelVersions(text: string): { model: string; arn: string }[];
export function versionsIn(actionExecutionDetails: readonly { output?: { outputVariables?: Record<string, string> } }[] | undefined): { model: string; arn: string }[] | undefined;
export function decide(status: string | undefined): { update?: true; kept?: string };
export function rejectVersions(event: ActionStateChangeEvent, settings: RejectionSettings, clients: RejectionClients): Promise<{ rejection?: Rejection; ignored?: string; marked?: RejectedVersion[] }>;
export function handler(event: ActionStateChangeEvent): Promise<{ rejection?: Rejection; ignored?: string; marked?: RejectedVersion[] }>;
