import { CreateModelPackageCommand, DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ModelConfig } from '../../../config';
import type { CatalogueEntry } from '../../../config/model-definition';
import { errorName } from '../aws/sdk-failure';
import { retryThrottled } from '../training/throttle-retry';
import type { ThrottleRetryOptions } from '../training/throttle-retry';
import { describeVersion, findVersion } from './find-version';
import type { FoundVersion } from './find-version';
import { modelPackageRequest } from './model-package-request';
import type { RegisteredVersion } from './registered-version';

/** what registering talks to. */
export interface RegistryDeps {
  readonly sagemaker: SageMakerClient;
  readonly retry: ThrottleRetryOptions;
  /** prints one line */
  readonly log: (line: string) => void;
}

/** a published model to register: which model, the job that made it, where it is. */
export interface RegistrationPlan {
  readonly model: ModelConfig;
  readonly entry: CatalogueEntry;
  readonly group: string;
  /** the job that trained the model (this run's, or the one recorded on the model a skipped run found) */
  readonly trainingJob: string;
  /** the commit the job trained at (this run's commit, or the one recorded on the found model) */
  readonly commit: string | undefined;
  readonly modelDataUrl: string;
  readonly inferenceImage: string;
  /**
   * the inference container's environment (script mode)
   * @default - none
   */
  readonly inferenceEnvironment?: Readonly<Record<string, string>>;
  readonly projectPrefix: string;
}

/** how many times a registration that met a concurrent one (ConflictException) looks again. */
const CONFLICT_ATTEMPTS = 4;

function registered(plan: RegistrationPlan, found: FoundVersion, when: 'now' | 'before'): RegisteredVersion {
  return { model: plan.model.name, group: plan.group, version: found.version, arn: found.arn, status: found.status, registered: when };
}

/**
 * the version of a published model in its group: the one registered before for its content address
 * (a skipped training, or a run that raced this one), else a new version made from the job's
 * description (all its final metrics), pending manual approval. The request's idempotency token
 * is the content address's, so two runs that both find no version still make one; a
 * ConflictException (a concurrent registration) is answered by looking again.
 */
export async function registerVersion(plan: RegistrationPlan, deps: RegistryDeps): Promise<RegisteredVersion> {
  const existing = await findVersion(deps.sagemaker, plan.group, plan.entry.identity, deps.retry);
  if (existing) {
    deps.log(`model ${plan.model.name} is version ${existing.version} of ${plan.group} (${existing.status}), registered before for ${plan.entry.key}`);
    return registered(plan, existing, 'before');
  }
  const job = await retryThrottled(() => deps.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: plan.trainingJob })), deps.retry);
  const metrics = (job.FinalMetricDataList ?? []).flatMap((m) => (m.MetricName !== undefined && m.Value !== undefined && Number.isFinite(m.Value) ? [{ name: m.MetricName, value: m.Value }] : []));
  const request = modelPackageRequest({ ...plan, trainingJobArn: job.TrainingJobArn, metrics });
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await retryThrottled(() => deps.sagemaker.send(new CreateModelPackageCommand(request)), deps.retry);
      const version = await describeVersion(deps.sagemaker, created.ModelPackageArn ?? '', deps.retry);
      // a run that raced this one past the idempotency window made its own: the oldest is the model's
      const oldest = await findVersion(deps.sagemaker, plan.group, plan.entry.identity, deps.retry);
      const chosen = oldest && oldest.version < version.version ? oldest : version;
      if (chosen !== version) deps.log(`model ${plan.model.name}: version ${version.version} duplicates version ${chosen.version} (registered by a concurrent run); using version ${chosen.version}`);
      else deps.log(`registered model ${plan.model.name} as version ${version.version} of ${plan.group} (PendingManualApproval)`);
      return registered(plan, chosen, chosen === version ? 'now' : 'before');
    } catch (err) {
      if (errorName(err) !== 'ConflictException' || attempt >= CONFLICT_ATTEMPTS) throw err;
      await deps.retry.sleep(1000 * attempt);
      const raced = await findVersion(deps.sagemaker, plan.group, plan.entry.identity, deps.retry);
      if (raced) {
        deps.log(`model ${plan.model.name} was registered meanwhile as version ${raced.version} of ${plan.group}; using it`);
        return registered(plan, raced, 'before');
      }
    }
  }
}
