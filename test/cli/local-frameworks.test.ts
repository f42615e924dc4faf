import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainCatalogue } from '../../cli/lib/local/catalogue-steps';
import type { ContainerRuntime } from '../../cli/lib/local/container-runtime';
import { loadConfig } from '../../config';
import { REPO_ROOT } from '../helpers/test-config';

/** a runtime that fails the test if local mode tries to run anything with it. */
const refusing = new Proxy({} as ContainerRuntime, {
  get: (_target, name) => () => {
    throw new Error(`local mode called runtime.${String(name)} for a framework model`);
  },
});

describe('local mode with framework models', () => {
  it('leaves out a model that trains on an AWS framework image, saying so, instead of training it on the sample container', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-local-frameworks-'));
    const lines: string[] = [];
    try {
      const models = loadConfig(join(REPO_ROOT, 'examples', 'xgboost', 'pipeline.yaml')).models;
      await expect(trainCatalogue(refusing, dir, models, 1, (line) => lines.push(line))).resolves.toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lines).toEqual(["[iris-xgboost] trains on AWS's xgboost 1.7-1 image, which local mode cannot run: left out (`mlpipe train --dry-run` shows its request)"]);
  });
});
