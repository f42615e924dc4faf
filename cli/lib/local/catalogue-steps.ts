import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeTrainingInputs } from '../../../containers/sample-data/src/training-inputs';
import type { ModelConfig } from '../../../config';
import { checkAnswer } from '../smoke/check-answer';
import { readModelCases } from '../smoke/smoke-case';
import { runBounded } from '../training/bounded-pool';
import type { ContainerRuntime, StartedMultiModelServer } from './container-runtime';
import { packageModel, unpackModel } from './model-package';
import { StepFailure } from './step-results';
import { trainReference } from './training-steps';
import type { TrainedModel } from './training-steps';

/** one model of the catalogue trained locally. */
export interface TrainedCatalogueModel extends TrainedModel {
  readonly name: string;
}

/**
 * trains every model of the catalogue under the training contract, each in its own /opt/ml
 * stand-in (`<dir>/<model>`) with its own hyperparameters on the sample data, at most `limit` at
 * once, and gates each on its metric (validation:accuracy, the metric the sample container prints).
 * Fails naming every model that failed or missed its gate, after all have run. Models that train
 * on an AWS framework image are left out (their images do not run here), with a line saying so.
 */
export async function trainCatalogue(runtime: ContainerRuntime, dir: string, catalogue: readonly ModelConfig[], limit: number, log: (line: string) => void): Promise<TrainedCatalogueModel[]> {
  const models = catalogue.filter((model) => {
    const framework = model.training.framework;
    if (framework !== undefined) log(`[${model.name}] trains on AWS's ${framework.name} ${framework.version} image, which local mode cannot run: left out (\`mlpipe train --dry-run\` shows its request)`);
    return framework === undefined;
  });
  const runs = await runBounded(models, limit, async (model): Promise<TrainedCatalogueModel | string> => {
    const root = path.join(dir, model.name);
    const { training } = model;
    await writeTrainingInputs(root, { hyperparameters: { ...training.hyperparameters, checkpoint_every_epochs: String(training.checkpointEveryEpochs) } });
    try {
      // the per-epoch progress of each model is left out; the reference run above shows it
      const trained = await trainReference(runtime, root, () => undefined);
      const gate = training.metric;
      if (gate.name === 'validation:accuracy') {
        const passed = gate.direction === 'maximize' ? trained.validationAccuracy >= gate.threshold : trained.validationAccuracy <= gate.threshold;
        if (!passed) return `${model.name}: validation:accuracy ${trained.validationAccuracy.toFixed(4)} misses its threshold (${gate.direction === 'maximize' ? '>=' : '<='} ${gate.threshold})`;
      }
      log(`[${model.name}] trained: validation:accuracy=${trained.validationAccuracy.toFixed(4)} (hyperparameters ${Object.entries(training.hyperparameters).filter(([k]) => k !== 'feature_names').map(([k, v]) => `${k}=${v}`).join(' ')})`);
      return { ...trained, name: model.name };
    } catch (error) {
      return `${model.name}: ${(error as Error).message}`;
    }
  });
  const failures = runs.filter((r): r is string => typeof r === 'string');
  if (failures.length > 0) throw new StepFailure(`${failures.length} of ${models.length} models failed: ${failures.join('; ')}`);
  return runs as TrainedCatalogueModel[];
}

async function request(url: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; text: string; contentType: string | undefined }> {
  const response = await fetch(url, init);
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') ?? undefined };
}

/**
 * packages every trained model as model.tar.gz and unpacks it where a multi-model endpoint puts it
 * (`<serveRoot>/models/<model>/model`), starts ONE multi-model server, loads every model by name
 * (POST /models), checks GET /models lists them all, and invokes every model by name
 * (POST /models/<name>/invoke) with its smoke cases (shared and `<casesDir>/<model>/`), checking
 * the answers. Then stops the server with SIGTERM. Returns the one-line summary.
 */
export async function serveCatalogue(runtime: ContainerRuntime, serveRoot: string, trained: readonly TrainedCatalogueModel[], casesDir: string, log: (line: string) => void): Promise<string> {
  for (const model of trained) {
    const archive = path.join(serveRoot, 'archives', `${model.name}.tar.gz`);
    await fs.mkdir(path.dirname(archive), { recursive: true });
    const packed = await packageModel(model.modelDir, archive);
    await unpackModel(archive, path.join(serveRoot, 'models', model.name, 'model'));
    log(`[${model.name}] model.tar.gz ${packed.bytes} bytes unpacked into models/${model.name}/model`);
  }
  let server: StartedMultiModelServer | undefined;
  try {
    server = await runtime.serveMultiModel(serveRoot);
    const running = server;
    log(`one multi-model server at ${running.baseUrl}`);
    for (const model of trained) {
      const loaded = await request(`${running.baseUrl}/models`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model_name: model.name, url: running.modelUrl(model.name) }) });
      if (loaded.status !== 200) throw new StepFailure(`loading model ${model.name} (POST /models) answered ${loaded.status}: ${loaded.text.slice(0, 200)}`);
    }
    const listed = (JSON.parse((await request(`${running.baseUrl}/models`, { method: 'GET' })).text) as { models: { modelName: string }[] }).models.map((m) => m.modelName);
    const missing = trained.filter((m) => !listed.includes(m.name)).map((m) => m.name);
    if (missing.length > 0) throw new StepFailure(`GET /models lists ${listed.join(', ') || 'nothing'}, without ${missing.join(', ')}`);
    log(`loaded: ${listed.join(', ')}`);
    let invocations = 0;
    for (const model of trained) {
      const cases = await readModelCases(casesDir, model.name);
      for (const smokeCase of cases) {
        const answer = await request(`${running.baseUrl}/models/${encodeURIComponent(model.name)}/invoke`, {
          method: 'POST',
          headers: { 'content-type': smokeCase.contentType, ...(smokeCase.accept ? { accept: smokeCase.accept } : {}) },
          body: smokeCase.body,
        });
        const problems = answer.status === 200 ? checkAnswer(smokeCase, answer.text, answer.contentType) : [`answered ${answer.status}: ${answer.text.slice(0, 200)}`];
        if (problems.length > 0) throw new StepFailure(`model ${model.name}, case ${path.basename(smokeCase.file)}: ${problems.join('; ')}`);
        invocations += 1;
      }
      log(`[${model.name}] answered ${cases.length} case(s) by name (POST /models/${model.name}/invoke)`);
    }
    await running.interrupt();
    const code = await running.process.waitForExit(30_000);
    if (code !== 0) throw new StepFailure(`the multi-model server exited with ${code} after SIGTERM, expected 0`);
    return `${trained.length} models loaded in one multi-model server (${trained.map((m) => m.name).join(', ')}); ${invocations} invocations by name answered as expected; drained and exited 0`;
  } finally {
    if (server && !server.process.done) server.process.signal('SIGKILL');
  }
}
