import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { loadConfig } from '../../config';
import type { AppConfig } from '../../config';
import { catalogueEntries } from '../../config/model-definition';
import { bundleSource, sourceArchive } from '../../config/source-bundle';
import { REPO_ROOT } from '../helpers/test-config';

/*
 * Golden values of framework models, as training-identity-golden.test.ts pins the sample's: a
 * change that moves one of them retrains those models on the next commit, so it must update the
 * value here in the same commit and say so in CHANGELOG.md.
 */

const IMAGE = 'a'.repeat(64);
const keyOf = (config: AppConfig, image = IMAGE) => catalogueEntries(config, image)[0].key;
const example = (name: string) => loadConfig(join(REPO_ROOT, 'examples', name, 'pipeline.yaml'));

/** writes the same two files into a new folder, in the given order, with the given mtime and mode. */
function sourceFolder(order: 'ab' | 'ba', mtime: number, mode: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-source-'));
  mkdirSync(join(dir, 'lib'));
  const files: [string, string][] = [['train.py', 'print("train")\n'], ['lib/util.py', 'X = 1\n']];
  for (const [name, text] of order === 'ab' ? files : [...files].reverse()) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), mode);
    utimesSync(join(dir, name), mtime, mtime);
  }
  return dir;
}

describe('golden framework identities', () => {
  it('pins the key of the XGBoost example (its image repository:tag, not the sample image, is in the identity)', () => {
    expect(keyOf(example('xgboost'))).toBe('models/83de9c749ddde6049501867c08c90002/model.tar.gz');
    expect(keyOf(example('xgboost'), 'b'.repeat(64))).toBe(keyOf(example('xgboost')));
  });

  it('pins the source hash of a fixed folder and the tar it hashes (ustar, mode 0644, mtime 0, sorted)', () => {
    const dir = sourceFolder('ab', 1_700_000_000, 0o755);
    try {
      const bundle = bundleSource(dir);
      expect(bundle.files).toEqual(['lib/util.py', 'train.py']);
      expect(bundle.sha256).toBe('cc123c8d5b99fd34f3af57a2df46e6f57098c168c4d72a3052fbb027850b7e2f');
      const tar = gunzipSync(sourceArchive(bundle));
      expect(createHash('sha256').update(tar).digest('hex')).toBe(bundle.sha256);
      expect(tar.subarray(0, 11).toString()).toBe('lib/util.py');
      expect(tar.subarray(100, 107).toString()).toBe('0000644');
      expect(tar.subarray(136, 147).toString()).toBe('00000000000');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what does not move a source hash', () => {
  it('file modes, mtimes, creation order, hidden files and Python caches', () => {
    const a = sourceFolder('ab', 1_700_000_000, 0o644);
    const b = sourceFolder('ba', 1_000_000, 0o700);
    mkdirSync(join(b, '__pycache__'));
    writeFileSync(join(b, '__pycache__', 'train.cpython-311.pyc'), 'x');
    writeFileSync(join(b, '.DS_Store'), 'x');
    try {
      expect(bundleSource(b).sha256).toBe(bundleSource(a).sha256);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});

describe('what moves a framework model\'s identity', () => {
  const pytorch = example('pytorch');
  const model = pytorch.models[0];
  const withTraining = (training: Record<string, unknown>, code = model.code): AppConfig => ({ ...pytorch, models: [{ ...model, training: { ...model.training, ...training }, code }] });

  it.each<[string, AppConfig]>([
    ['one byte of the source', withTraining({}, model.code && { ...model.code, sha256: 'f'.repeat(64) })],
    ['the framework version', withTraining({ framework: { ...model.training.framework, version: '2.2.0', pythonVersion: 'py310' } })],
    ['the entry point', withTraining({ framework: { ...model.training.framework, entryPoint: 'fit.py' } })],
    ['the distribution', withTraining({ framework: { ...model.training.framework, distribution: 'none' }, instanceCount: 1 })],
    ['a CPU instance type (the CPU image)', withTraining({ instanceType: 'ml.c5.xlarge' })],
  ])('a change of %s', (_what, config) => {
    expect(keyOf(config)).not.toBe(keyOf(pytorch));
  });

  it('fails when a script-mode model\'s source was never packed, saying how to load it', () => {
    expect(() => keyOf({ ...pytorch, models: [{ name: model.name, training: model.training }] })).toThrow(/has not been packed; load the config with loadConfig\(\) or parseConfig\(\)/);
  });
});
