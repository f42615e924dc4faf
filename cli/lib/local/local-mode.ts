import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IRIS_FEATURE_NAMES, splitIris } from '../../../containers/sample-data/src/iris';
import { writeTrainingInputs } from '../../../containers/sample-data/src/training-inputs';
import type { ContainerRuntime, StartedServer } from './container-runtime';
import { ProcessRuntime } from './container-runtime';
import { DockerRuntime } from './docker-runtime';
import { runLoadTest } from './load-test';
import type { LocalOptions } from './local-options';
import { modelArchivePath, packageModel, unpackModel } from './model-package';
import { smokeTest } from './smoke-test';
import { StepFailure, StepSkipped } from './step-results';
import type { StepResult } from './step-results';
import { complianceReport, synthesize } from './synth-steps';
import type { AppConfig, ModelConfig } from '../../../config';
import { serveCatalogue, trainCatalogue } from './catalogue-steps';
import { localRegistrations, readSynthesizedTraining } from './registry-step';
import type { TrainedCatalogueModel } from './catalogue-steps';
import { spotDrill, trainReference } from './training-steps';
import type { TrainedModel } from './training-steps';
import { localBaseline } from './baseline-step';

/** what local mode needs from the command that runs it. */
export interface LocalModeContext {
  readonly repoRoot: string;
  readonly env: NodeJS.ProcessEnv;
  readonly options: LocalOptions;
  /** progress output */
  readonly out: (text: string) => void;
  /** the runtime to use. @default ProcessRuntime, or DockerRuntime with --docker */
  readonly runtime?: ContainerRuntime;
  /**
   * the model catalogue to train and serve from one multi-model server, with the training
   * concurrency limit
   * @default - none: the catalogue steps are skipped
   */
  readonly catalogue?: {
    readonly models: readonly ModelConfig[];
    readonly maxConcurrentJobs: number;
    /**
     * the whole config: the registry step shows the CreateModelPackage request of each model
     * @default - the registry step is skipped
     */
    readonly config?: AppConfig;
  };
}

const SAMPLE_ROW = '5.9,3.0,4.2,1.5';

/** thrown before any step when the work folder cannot be used. */
export class WorkDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkDirError';
  }
}

async function prepareWorkDir(options: LocalOptions): Promise<{ dir: string; remove: boolean }> {
  if (options.workDir === undefined) return { dir: await fs.mkdtemp(path.join(os.tmpdir(), 'mlpipe-local-')), remove: !options.keep };
  const dir = path.resolve(options.workDir);
  const entries = await fs.readdir(dir).catch(() => undefined);
  if (entries && entries.length > 0) throw new WorkDirError(`--work-dir ${options.workDir} is not empty; old checkpoints there would be resumed, so give a new or empty folder`);
  await fs.mkdir(dir, { recursive: true });
  return { dir, remove: false };
}

/**
 * local mode: trains the sample model as the training container would, runs the spot-interruption
 * drill, packages and unpacks model.tar.gz, serves it and smoke- and load-tests it, drains the server,
 * synthesizes every stack with the nag packs and writes the compliance report. Every step prints its
 * progress; the results make the summary table. Steps that need a failed step's output are skipped.
 */
export async function runLocalMode(context: LocalModeContext): Promise<readonly StepResult[]> {
  const { options, out, repoRoot, env } = context;
  const runtime = context.runtime ?? (options.docker ? new DockerRuntime(repoRoot, env) : new ProcessRuntime(repoRoot, env));
  const work = await prepareWorkDir(options);
  const results: StepResult[] = [];
  const total = 13;
  const log = (line: string) => out(`    ${line}\n`);
  const step = async <T>(name: string, body: () => Promise<{ value: T; detail: string; output?: string }>): Promise<T | undefined> => {
    out(`\n[${results.length + 1}/${total}] ${name}\n`);
    const started = performance.now();
    let value: T | undefined;
    let status: StepResult['status'] = 'passed';
    let detail: string;
    let output: string | undefined;
    try {
      ({ value, detail, output } = await body());
    } catch (error) {
      status = error instanceof StepSkipped ? 'skipped' : 'failed';
      detail = (error as Error).message.split('\n')[0];
      if (!(error instanceof StepFailure) && !(error instanceof StepSkipped)) for (const line of (error as Error).message.split('\n').slice(1)) log(line);
    }
    results.push({ name, status, seconds: (performance.now() - started) / 1000, detail, ...(output === undefined ? {} : { output }) });
    out(`  ${status === 'passed' ? 'ok' : status.toUpperCase()}: ${detail}\n`);
    return value;
  };
  const needs = (what: string, value: unknown) => {
    if (value === undefined) throw new StepSkipped(`needs ${what}`);
  };

  out(`local mode: ${runtime.description}\nwork folder: ${work.dir}${work.remove ? ' (removed at the end; --keep keeps it)' : ''}\n`);
  const referenceRoot = path.join(work.dir, 'train');
  const drillRoot = path.join(work.dir, 'drill');
  const serveRoot = path.join(work.dir, 'serve');
  let server: StartedServer | undefined;
  try {
    const prepared = await step('prepare inputs', async () => {
      const inputs = { generatedRows: options.rows, hyperparameters: { epochs: String(options.epochs), checkpoint_every_epochs: String(options.checkpointEvery) } };
      await writeTrainingInputs(referenceRoot, inputs);
      await writeTrainingInputs(drillRoot, inputs);
      await runtime.prepare(log);
      return { value: true, detail: `train channel: ${options.rows} iris-like rows fitted to 120 real iris rows; validation channel: the 30 held-out real rows` };
    });

    const trained = await step<TrainedModel>('train (SageMaker training contract)', async () => {
      needs('prepared inputs', prepared);
      const model = await trainReference(runtime, referenceRoot, log);
      return { value: model, detail: `${options.epochs} epochs, validation:accuracy=${model.validationAccuracy.toFixed(4)}, model.json sha256 ${model.sha256.slice(0, 12)}` };
    });

    await step('spot-interruption drill', async () => {
      needs('the reference training run', trained);
      return { value: true, detail: await spotDrill(runtime, drillRoot, trained as TrainedModel, log) };
    });

    const unpacked = await step('package and unpack model.tar.gz', async () => {
      needs('a trained model', trained);
      const archive = modelArchivePath(work.dir);
      const packed = await packageModel((trained as TrainedModel).modelDir, archive);
      const files = await unpackModel(archive, path.join(serveRoot, 'model'));
      log(`${archive} (${packed.bytes} bytes) unpacked into ${path.join(serveRoot, 'model')}: ${files.join(', ')}`);
      const output = work.remove ? 'the model: removed with the work folder (run with --keep to keep it)' : `the model: ${archive}`;
      return { value: true, detail: `model.tar.gz ${packed.bytes} bytes, sha256 ${packed.sha256.slice(0, 12)}, unpacked as /opt/ml/model`, output };
    });

    const smoked = await step('serve and smoke-test (hosting contract)', async () => {
      needs('an unpacked model', unpacked);
      server = await runtime.serve(serveRoot);
      log(`serving at ${server.baseUrl}`);
      const { validation } = splitIris();
      return { value: true, detail: await smokeTest(server.baseUrl, { featureNames: IRIS_FEATURE_NAMES, rows: validation }, (trained as TrainedModel).validationAccuracy) };
    });

    await step('load test', async () => {
      needs('a smoke-tested server', smoked);
      const url = `${(server as StartedServer).baseUrl}/invocations`;
      log(`autocannon: ${options.connections} connections, ${options.loadSeconds} s, single-row CSV POST /invocations`);
      const r = await runLoadTest({ url, connections: options.connections, durationSeconds: options.loadSeconds, warmupSeconds: 1, body: SAMPLE_ROW, headers: { 'content-type': 'text/csv' } });
      const figures = `${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms (${r.requests} requests)`;
      if (r.errors > 0 || r.non2xx > 0) throw new StepFailure(`${figures}, but ${r.errors} errors and ${r.non2xx} non-2xx answers`);
      return { value: true, detail: figures };
    });

    await step('graceful shutdown (SIGTERM)', async () => {
      needs('a running server', server);
      const running = server as StartedServer;
      const started = performance.now();
      await running.interrupt();
      const code = await running.process.waitForExit(30_000);
      if (code !== 0) throw new StepFailure(`the server exited with ${code} after SIGTERM, expected 0 within SageMaker's 30 s`);
      return { value: true, detail: `drained and exited 0 in ${((performance.now() - started) / 1000).toFixed(2)} s` };
    });

    const catalogue = context.catalogue;
    const trainedCatalogue = await step<TrainedCatalogueModel[]>(`train the model catalogue${catalogue ? ` (${catalogue.models.length} models)` : ''}`, async () => {
      if (!catalogue) throw new StepSkipped('no catalogue given');
      needs('prepared inputs', prepared);
      const models = await trainCatalogue(runtime, path.join(work.dir, 'catalogue'), catalogue.models, catalogue.maxConcurrentJobs, log);
      return { value: models, detail: models.map((m) => `${m.name} validation:accuracy=${m.validationAccuracy.toFixed(4)}`).join(', ') };
    });

    await step('serve the catalogue from one multi-model server (/models)', async () => {
      needs('a trained catalogue', trainedCatalogue);
      return { value: true, detail: await serveCatalogue(runtime, path.join(work.dir, 'serve-models'), trainedCatalogue as TrainedCatalogueModel[], path.join(repoRoot, 'test-data', 'smoke'), log) };
    });

    const synthesized = await step('synthesize every stack with the nag packs', async () => {
      if (!options.synth) throw new StepSkipped('--skip-synth');
      return { value: true, detail: await synthesize(repoRoot, env, log), output: `the cloud assembly: ${path.join(repoRoot, 'cdk.out')}` };
    });

    await step('compliance report', async () => {
      needs('a synthesized app', synthesized);
      return { value: true, detail: await complianceReport(repoRoot, env, log), output: `the compliance report: ${path.join(repoRoot, 'reports', 'compliance', 'index.html')} (and summary.md, compliance.csv, coverage.csv, compliance.junit.xml, lineage.md)` };
    });

    await step('model registry requests (CreateModelPackage, not sent)', async () => {
      needs('a synthesized app', synthesized);
      needs('a trained catalogue', trainedCatalogue);
      if (!catalogue?.config) throw new StepSkipped('no config given');
      const metrics = new Map((trainedCatalogue as TrainedCatalogueModel[]).map((m) => [m.name, [{ name: 'validation:accuracy', value: m.validationAccuracy }]]));
      const registrations = localRegistrations(catalogue.config, await readSynthesizedTraining(path.join(repoRoot, 'cdk.out')), metrics);
      for (const r of registrations) log(`would register model ${r.model} in ${r.request.ModelPackageGroupName}: CreateModelPackage ${JSON.stringify(r.request, null, 2)}`);
      return { value: true, detail: registrations.map((r) => `${r.model} -> ${r.request.ModelPackageGroupName} (PendingManualApproval)`).join(', ') };
    });

    await step('data-quality baseline (Model Monitor statistics, constraints)', async () => {
      needs('prepared inputs', prepared);
      const computed = await localBaseline(referenceRoot, IRIS_FEATURE_NAMES, path.join(work.dir, 'baseline'), log);
      const output = work.remove ? 'the baseline: removed with the work folder (run with --keep to keep it)' : `the baseline: ${path.join(computed.dir, 'statistics.json')} and constraints.json`;
      return { value: true, detail: computed.figures[0], output };
    });
  } finally {
    const running = server as StartedServer | undefined;
    if (running && !running.process.done) running.process.signal('SIGKILL');
    await runtime.cleanup();
    if (work.remove) await fs.rm(work.dir, { recursive: true, force: true });
  }
  return results;
}
