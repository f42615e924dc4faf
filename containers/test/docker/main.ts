// `npm run test:images`: builds the training and serving images exactly as the CDK assets define
// them under a Docker engine of its own, runs local mode with --docker, and probes the serving image
// over the hosting and multi-model contracts. Needs root on a fresh machine (installs docker.io and
// debootstrap); state (engine data, stand-in base images, logs) lives in .local/test-images/.
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeTrainingInputs } from '../../sample-data/src/training-inputs';
import { dockerBuildArgs, imageAssetsOf } from './asset-images';
import type { ImageAsset } from './asset-images';
import { baseImagesOf, nodeBaseImage } from './base-images';
import { removeContainers, startContainer } from './containers';
import { startDockerEngine } from './docker-engine';
import type { DockerEngine } from './docker-engine';
import { ensureHostTools } from './host-tools';
import { logFile, mustRun } from './processes';
import { expectEqual, expectThat, Probes } from './probes';
import { probeDrain, probeMultiModel, probeServerless, probeSingleModel } from './serving-probes';
import { ensureBaseImage } from './stand-in-image';
import { Steps } from './steps';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const STATE_DIR = path.join(REPO_ROOT, '.local', 'test-images');
const LOG_DIR = path.join(STATE_DIR, 'logs');
const print = (line: string) => process.stdout.write(`${line}\n`);

/** a built image: the asset it was built from, its tag and size. */
interface BuiltImage {
  readonly asset: ImageAsset;
  readonly tag: string;
  readonly bytes: number;
  readonly buildSeconds: number;
}

const imageName = (asset: ImageAsset) => path.dirname(asset.dockerFile);

async function imageAssets(env: NodeJS.ProcessEnv): Promise<ImageAsset[]> {
  const out = path.join(STATE_DIR, 'cdk.out');
  await fs.rm(out, { recursive: true, force: true });
  await mustRun('npx', ['cdk', 'synth', '--quiet', '--output', out], { cwd: REPO_ROOT, env, log: logFile(path.join(LOG_DIR, 'synth.log')) });
  const assets = await imageAssetsOf(out);
  expectEqual(assets.map((a) => a.dockerFile), ['serving/Dockerfile', 'training/Dockerfile'], 'the Docker image assets of the synthesized app');
  for (const asset of assets) print(`    ${asset.dockerFile}: asset ${asset.hash.slice(0, 12)}, ${JSON.stringify(asset.source)}`);
  return assets;
}

async function buildImage(engine: DockerEngine, asset: ImageAsset): Promise<BuiltImage> {
  const tag = `mlpipe-test-images/${imageName(asset)}:${asset.hash.slice(0, 12)}`;
  const args = dockerBuildArgs(asset, tag);
  print(`    (in ${path.relative(REPO_ROOT, asset.contextDir)}) docker ${args.join(' ')}`);
  const started = performance.now();
  await mustRun('docker', args, { cwd: asset.contextDir, env: engine.env, log: logFile(path.join(LOG_DIR, `build-${imageName(asset)}.log`)) });
  const buildSeconds = (performance.now() - started) / 1000;
  const bytes = Number((await mustRun('docker', ['image', 'inspect', '--format', '{{.Size}}', tag], { env: engine.env })).stdout.trim());
  print(`    ${tag}: ${(bytes / 1e6).toFixed(1)} MB, built in ${buildSeconds.toFixed(1)} s`);
  return { asset, tag, bytes, buildSeconds };
}

async function inspect(engine: DockerEngine, tag: string): Promise<{ Architecture: string; Os: string; Config: { Entrypoint: string[]; Cmd: string[]; Labels: Record<string, string> | null; Env: string[] } }> {
  return (JSON.parse((await mustRun('docker', ['image', 'inspect', tag], { env: engine.env })).stdout) as never[])[0];
}

async function probeImages(engine: DockerEngine, probes: Probes, training: BuiltImage, serving: BuiltImage): Promise<void> {
  const { env } = engine;
  await probes.probe('both images are linux/amd64 with exec-form entry points and the SageMaker arguments as CMD', async () => {
    for (const [image, arg] of [[training, 'train'], [serving, 'serve']] as const) {
      const info = await inspect(engine, image.tag);
      expectEqual([`${info.Os}/${info.Architecture}`, info.Config.Entrypoint, info.Config.Cmd], [image.asset.source.platform ?? 'linux/amd64', ['node', `/opt/program/${imageName(image.asset)}/src/main.js`], [arg]], `${image.tag} platform, entry point and CMD`);
    }
  });
  await probes.probe('the serving image declares multi-model and bind-to-port support', async () => {
    const labels = (await inspect(engine, serving.tag)).Config.Labels ?? {};
    expectEqual([labels['com.amazonaws.sagemaker.capabilities.multi-models'], labels['com.amazonaws.sagemaker.capabilities.accept-bind-to-port']], ['true', 'true'], 'the capability labels');
  });

  const root = path.join(STATE_DIR, 'run', 'ml');
  await fs.rm(path.dirname(root), { recursive: true, force: true });
  await writeTrainingInputs(root, { hyperparameters: { epochs: '20' } });
  const trained = await probes.probe('the training image trains under the training contract (docker run <image>, CMD train) and writes the model', async () => {
    const run = await mustRun('docker', ['run', '--rm', '--volume', `${root}:/opt/ml`, training.tag], { env, log: logFile(path.join(LOG_DIR, 'train.log')) });
    expectThat(existsSync(path.join(root, 'model', 'model.json')), `no /opt/ml/model/model.json after training; its output:\n${run.output}`);
    return run.output.split('\n').find((line) => line.includes('final validation:accuracy')) ?? '';
  });
  if (!trained) return;

  const names: string[] = [];
  const name = (kind: string) => {
    names.push(`mlpipe-test-images-${kind}-${process.pid}`);
    return names[names.length - 1];
  };
  try {
    const single = await startContainer(env, name('serve'), serving.tag, { args: ['--volume', `${path.join(root, 'model')}:/opt/ml/model:ro`], command: ['serve'] });
    await probeSingleModel(probes, single);
    await probeDrain(probes, single);

    const serverless = await startContainer(env, name('serverless'), serving.tag, { args: ['--volume', `${path.join(root, 'model')}:/opt/ml/model:ro`, '--env', 'SERVING_ENDPOINT_TYPE=serverless'], command: ['serve'] });
    await probeServerless(probes, serverless);

    const models = path.join(STATE_DIR, 'run', 'models');
    await fs.mkdir(path.join(models, 'a'), { recursive: true });
    await fs.cp(path.join(root, 'model'), path.join(models, 'a', 'model'), { recursive: true });
    const multi = await startContainer(env, name('multi-model'), serving.tag, {
      args: ['--volume', `${models}:/opt/ml/models:ro`, '--env', 'SAGEMAKER_MULTI_MODEL=true', '--env', 'SAGEMAKER_BIND_TO_PORT=9090'],
      command: ['serve'],
      containerPort: 9090,
    });
    await probeMultiModel(probes, multi);
  } finally {
    await removeContainers(env, names);
  }
}

/**
 * keeps the engine's state from growing run after run (vfs stores every layer as a full copy):
 * removes the images of earlier asset hashes, dangling images and build cache unused for 3 days.
 */
async function pruneEarlierRuns(engine: DockerEngine, current: readonly BuiltImage[]): Promise<string> {
  const listed = await mustRun('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', 'mlpipe-test-images/*'], { env: engine.env });
  const stale = listed.stdout.split('\n').filter((tag) => tag !== '' && !current.some((image) => image.tag === tag));
  if (stale.length > 0) await mustRun('docker', ['image', 'rm', ...stale], { env: engine.env });
  await mustRun('docker', ['image', 'prune', '--force'], { env: engine.env });
  await mustRun('docker', ['builder', 'prune', '--force', '--filter', 'until=72h'], { env: engine.env });
  return `${stale.length} earlier image tags removed`;
}

async function localMode(engine: DockerEngine): Promise<string> {
  const run = await mustRun('npm', ['run', 'local', '--', '--docker'], { cwd: REPO_ROOT, env: engine.env, log: logFile(path.join(LOG_DIR, 'local-docker.log')) });
  const summary = run.stdout.trimEnd().split('\n').slice(-14);
  for (const line of summary) print(`    ${line}`);
  return summary.join('\n');
}

async function main(): Promise<number> {
  await fs.rm(LOG_DIR, { recursive: true, force: true });
  await fs.mkdir(LOG_DIR, { recursive: true });
  print(`image check: state in ${path.relative(REPO_ROOT, STATE_DIR)}, full logs in ${path.relative(REPO_ROOT, LOG_DIR)}`);
  const steps = new Steps(print);
  const probes = new Probes(print);
  let engine: DockerEngine | undefined;
  const stopEngine = async () => {
    const running = engine;
    engine = undefined;
    if (running) await running.stop();
  };
  const interrupted = (signal: NodeJS.Signals) => {
    print(`${signal}: stopping the Docker engine`);
    void stopEngine().then(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const built: BuiltImage[] = [];
  let failure: Error | undefined;
  try {
    await steps.run('install docker.io and debootstrap where missing', () => ensureHostTools(process.env, (line) => print(`    ${line}`)));
    engine = await steps.run('start dockerd (vfs storage, own data root and socket)', () => startDockerEngine(STATE_DIR, process.env, (line) => print(`    ${line}`)));
    const running = engine;
    const assets = await steps.run('synthesize the app and read its Docker image assets', () => imageAssets(process.env));
    const bases = new Set<string>();
    for (const asset of assets) for (const ref of baseImagesOf(await fs.readFile(path.join(asset.contextDir, asset.dockerFile), 'utf8'), asset.source.dockerBuildArgs)) bases.add(ref);
    for (const ref of bases) {
      await steps.run(`base image ${ref}`, async () => {
        const origin = await ensureBaseImage(nodeBaseImage(ref), { stateDir: STATE_DIR, env: running.env, hostEnv: process.env, log: (line) => print(`    ${line}`), output: logFile(path.join(LOG_DIR, 'base-image.log')) });
        const bytes = Number((await mustRun('docker', ['image', 'inspect', '--format', '{{.Size}}', ref], { env: running.env })).stdout.trim());
        print(`    ${ref}: ${origin}, ${(bytes / 1e6).toFixed(1)} MB`);
      });
    }
    for (const asset of assets) built.push(await steps.run(`build the ${imageName(asset)} image as its asset defines it`, () => buildImage(running, asset)));
    const [serving, training] = built;
    await steps.run('probe the images (training contract, hosting and multi-model contracts, limits, SIGTERM drain)', () => probeImages(running, probes, training, serving));
    await steps.run('npm run local -- --docker', () => localMode(running));
    await steps.run('prune what earlier runs left in the engine', async () => print(`    ${await pruneEarlierRuns(running, built)}`));
  } catch (error) {
    failure = error as Error;
  } finally {
    await steps.run('stop dockerd', stopEngine).catch((error: Error) => (failure ??= error));
  }

  print('\nimage check summary');
  for (const time of steps.times) print(`  ${time.ok ? 'ok    ' : 'FAILED'} ${time.seconds.toFixed(1).padStart(6)} s  ${time.name}`);
  for (const image of built) print(`  image ${image.tag}: ${(image.bytes / 1e6).toFixed(1)} MB (${image.bytes} bytes), built in ${image.buildSeconds.toFixed(1)} s`);
  print(`  probes: ${probes.results.length - probes.failed.length} of ${probes.results.length} passed`);
  for (const failed of probes.failed) print(`  FAILED probe: ${failed.name}: ${failed.detail}`);
  print(`  total: ${steps.elapsedSeconds().toFixed(1)} s`);
  if (failure) print(`\nthe image check failed: ${failure.message}`);
  return failure || probes.failed.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`${error.stack ?? error.message}\n`);
      process.exit(1);
    },
  );
}
