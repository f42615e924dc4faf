import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointStore } from '../src/checkpoint-store';

const weights = [[0.1, -0.2], [1 / 3, 2 ** -40]];

describe('CheckpointStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ckpt-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('writes per-host files that read back exactly, leaving no temporary file', async () => {
    const store = new CheckpointStore(dir, 'algo-2', 3);
    const name = await store.save({ epoch: 7, weights, compatibility: 'c1' });
    expect(name).toBe('checkpoint-algo-2-epoch-000007.json');
    expect(await fs.readdir(dir)).toEqual([name]);
    expect(await store.read(name)).toEqual({ epoch: 7, weights, compatibility: 'c1' });
  });

  test('keeps only the newest checkpoints and ignores other hosts', async () => {
    const store = new CheckpointStore(dir, 'algo-1', 2);
    await new CheckpointStore(dir, 'algo-2', 2).save({ epoch: 9, weights, compatibility: 'c' });
    for (const epoch of [1, 2, 3]) await store.save({ epoch, weights, compatibility: 'c' });
    expect((await store.list()).map((c) => c.epoch)).toEqual([3, 2]);
    expect((await fs.readdir(dir)).sort()).toEqual(['checkpoint-algo-1-epoch-000002.json', 'checkpoint-algo-1-epoch-000003.json', 'checkpoint-algo-2-epoch-000009.json']);
  });

  test('falls back to the checkpoint before a corrupt newest one', async () => {
    const store = new CheckpointStore(dir, 'algo-1', 3);
    await store.save({ epoch: 2, weights, compatibility: 'c' });
    const newest = await store.save({ epoch: 4, weights, compatibility: 'c' });
    const text = await fs.readFile(path.join(dir, newest), 'utf8');
    await fs.writeFile(path.join(dir, newest), text.replace('0.1', '0.7'));
    const search = await store.findResumePoint('c', 10);
    expect(search.found?.state.epoch).toBe(2);
    expect(search.skipped).toEqual([`${newest}: its sha256 does not match its content (truncated or corrupt)`]);
  });

  test('skips checkpoints of other data or settings and those past the epochs asked for', async () => {
    const store = new CheckpointStore(dir, 'algo-1', 3);
    await store.save({ epoch: 2, weights, compatibility: 'old' });
    await store.save({ epoch: 8, weights, compatibility: 'new' });
    const search = await store.findResumePoint('new', 5);
    expect(search.found).toBeUndefined();
    expect(search.skipped).toEqual([
      'checkpoint-algo-1-epoch-000008.json: it is past the 5 epochs asked for',
      'checkpoint-algo-1-epoch-000002.json: it was written for other training data or settings',
    ]);
  });

  test('fails to read a truncated file without a header', async () => {
    const store = new CheckpointStore(dir, 'algo-1', 3);
    await fs.writeFile(path.join(dir, store.fileName(1)), '{"format"');
    await expect(store.read(store.fileName(1))).rejects.toThrow('it has no sha256 header line');
  });
});
