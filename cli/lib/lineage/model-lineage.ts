import type { AppConfig } from '../../../config';
import type { TrainingReport } from '../training/training-report';
import type { ServedModelRecord } from './read-served-models';

/** one row of the lineage: stage -> model -> version -> training job -> commit -> data versions. */
export interface LineageRow {
  readonly stage: string;
  readonly model: string;
  readonly group: string;
  readonly identity: string;
  /** the version number, when the training report names it */
  readonly version?: number;
  readonly trainingJob?: string;
  /** the commit the model was trained at, when this run trained it */
  readonly commit?: string;
  /** how the model got its key in this run: trained, skipped (trained before), or absent from the report */
  readonly training: 'trained' | 'skipped' | 'not in the training report' | 'no training report';
  /** channel -> declared data version */
  readonly dataVersions?: Readonly<Record<string, string>>;
}

/** what the lineage is built from besides the assembly; each may be missing (then its values are). */
export interface LineageSources {
  /** the validated config (data versions), or why it could not be read */
  readonly config?: AppConfig | { readonly error: string };
  /** the Train step's report (versions, jobs, commits), when it exists */
  readonly trainingReport?: TrainingReport;
  /** where the training report was read from, for the notes */
  readonly trainingReportFile?: string;
}

/** the lineage of what the assembly deploys. */
export interface ModelLineage {
  readonly rows: readonly LineageRow[];
  /** where each value comes from */
  readonly sources: readonly string[];
}

/** joins what the endpoints serve with the training report (by identity) and the config (by model). */
export function buildLineage(served: readonly ServedModelRecord[], sources: LineageSources): ModelLineage {
  const config = sources.config && 'models' in sources.config ? sources.config : undefined;
  const report = sources.trainingReport;
  const rows = served.map((s): LineageRow => {
    const trained = report?.models.find((m) => m.identity === s.identity && m.model === s.model);
    const model = config?.models.find((m) => m.name === s.model);
    const dataVersions = model ? Object.fromEntries(Object.entries(model.training.channels).map(([name, channel]) => [name, channel.dataVersion])) : undefined;
    const training = !report ? 'no training report' : !trained ? 'not in the training report' : trained.outcome === 'published' ? 'trained' : 'skipped';
    return {
      stage: s.stage,
      model: s.model,
      group: s.group,
      identity: s.identity,
      ...(trained?.modelVersion ? { version: trained.modelVersion.version } : {}),
      ...(trained?.trainingJob ? { trainingJob: trained.trainingJob } : {}),
      ...(trained?.outcome === 'published' && trained.commit ? { commit: trained.commit } : {}),
      training,
      ...(dataVersions ? { dataVersions } : {}),
    };
  });
  const reportNote = report
    ? `version, training job and commit: the Train step's report ${sources.trainingReportFile ?? ''}, matched by identity; a model the run skipped was trained at an earlier commit, which its version's metadata (MetadataProperties.CommitId, mlpipe:commit) records`
    : 'version, training job and commit: not known without AWS until the Train step has run (it registers each model and writes reports/training/report.json; pass it with --training-report); `mlpipe status` reads them from the registry';
  const configNote = config
    ? 'data versions: the config (models.<name>.training.channels.<channel>.dataVersion, hashed into the identity)'
    : `data versions: unknown, ${sources.config && 'error' in sources.config ? `the config could not be read: ${sources.config.error}` : 'no config given'}`;
  return {
    rows,
    sources: [
      'stage, model, model package group and identity: the endpoint stacks of the cloud assembly (tags mlpipe:model-version:<model> = <group>/<identity>, also the stack output ModelVersions)',
      reportNote,
      configNote,
    ],
  };
}
