import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SOURCE = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(SOURCE, '..');

async function dockerfile(image: string): Promise<string[]> {
  const text = await fs.readFile(path.join(SOURCE, image, 'Dockerfile'), 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

describe.each(['training', 'serving'])('%s Dockerfile', (image) => {
  test('builds from a base image pinned to an exact Node 22 tag on the public ECR mirror', async () => {
    const lines = await dockerfile(image);
    const arg = lines.find((l) => l.startsWith('ARG NODE_IMAGE='));
    expect(arg).toMatch(/^ARG NODE_IMAGE=public\.ecr\.aws\/docker\/library\/node:22\.\d+\.\d+-bookworm-slim$/);
    const froms = lines.filter((l) => l.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(3);
    expect(froms.every((l) => l.startsWith('FROM ${NODE_IMAGE}'))).toBe(true);
  });

  test('installs production dependencies only in the final image and runs compiled JavaScript', async () => {
    const lines = await dockerfile(image);
    expect(lines).toContain('RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force');
    expect(lines).toContain('COPY --from=build /build/dist ./');
    expect(lines).toContain('RUN npx tsc -p tsconfig.build.json');
  });

  test(`has an exec-form ENTRYPOINT so SIGTERM reaches node, and ${image === 'training' ? 'train' : 'serve'} as the default argument`, async () => {
    const lines = await dockerfile(image);
    expect(lines).toContain(`ENTRYPOINT ["node", "/opt/program/${image}/src/main.js"]`);
    expect(lines).toContain(`CMD ["${image === 'training' ? 'train' : 'serve'}"]`);
  });
});

describe('every Dockerfile under containers/', () => {
  async function dockerfiles(dir: string): Promise<string[]> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    const nested = await Promise.all(entries.filter((e) => e.isDirectory() && e.name !== 'node_modules').map((e) => dockerfiles(path.join(dir, e.name))));
    return [...entries.filter((e) => e.isFile() && /(^|\.)Dockerfile$/.test(e.name)).map((e) => path.join(dir, e.name)), ...nested.flat()];
  }

  test('has no parser directive such as # syntax=, so BuildKit builds with its built-in frontend instead of pulling one from Docker Hub', async () => {
    const files = await dockerfiles(SOURCE);
    expect(files.map((f) => path.relative(SOURCE, f)).sort()).toEqual(['serving/Dockerfile', 'training/Dockerfile']);
    for (const file of files) {
      const text = await fs.readFile(file, 'utf8');
      const directives = text.split('\n').filter((line) => /^\s*#\s*(syntax|escape|check)\s*=/i.test(line));
      expect({ file: path.relative(SOURCE, file), directives }).toEqual({ file: path.relative(SOURCE, file), directives: [] });
    }
  });
});

describe('serving Dockerfile labels', () => {
  test('declares multi-model and bind-to-port support', async () => {
    const lines = await dockerfile('serving');
    expect(lines).toContain('LABEL com.amazonaws.sagemaker.capabilities.multi-models=true');
    expect(lines).toContain('LABEL com.amazonaws.sagemaker.capabilities.accept-bind-to-port=true');
  });
});

describe('image build stage', () => {
  test('compiles with tsconfig.build.json, and the compiled training program runs', async () => {
    const out = await fs.mkdtemp(path.join(os.tmpdir(), 'build-'));
    try {
      const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(SOURCE, 'tsconfig.build.json'), '--outDir', out], { encoding: 'utf8' });
      expect({ status: tsc.status, output: tsc.stdout }).toEqual({ status: 0, output: '' });
      const run = spawnSync(process.execPath, [path.join(out, 'training', 'src', 'main.js')], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') } });
      expect(run.status).toBe(2);
      expect(run.stdout).toContain('usage: train');
      const manifest = JSON.parse(await fs.readFile(path.join(SOURCE, 'package.json'), 'utf8'));
      expect(Object.keys(manifest.dependencies)).toEqual(['fastest-levenshtein', 'ml-matrix']);
    } finally {
      await fs.rm(out, { recursive: true, force: true });
    }
  });
});
