import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChannelDataError, readChannel } from '../src/channel-reader';

describe('readChannel', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'channel-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('reads every file in name order, recursing and skipping hidden files', async () => {
    await fs.mkdir(path.join(dir, 'part'));
    await fs.writeFile(path.join(dir, 'b.csv'), 'y,3,4\n');
    await fs.writeFile(path.join(dir, 'a.csv'), 'x,1,2\r\n\n');
    await fs.writeFile(path.join(dir, 'part', 'c.csv'), 'z, 5 ,6');
    await fs.writeFile(path.join(dir, '.manifest'), 'not,data');
    const data = await readChannel('train', dir);
    expect(data.labels).toEqual(['x', 'y', 'z']);
    expect(data.features).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(data.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test('fails when the channel folder does not exist', async () => {
    await expect(readChannel('validation', path.join(dir, 'none'))).rejects.toThrow(new ChannelDataError(`channel 'validation' has no data: ${path.join(dir, 'none')} does not exist; SageMaker puts channel 'validation' there when the training job's InputDataConfig has it`));
  });

  test('fails when a value is not a number, naming file, line and column', async () => {
    await fs.writeFile(path.join(dir, 'a.csv'), 'x,1,2\ny,3,abc\n');
    await expect(readChannel('train', dir)).rejects.toThrow("channel 'train', a.csv line 2, column 3: 'abc' is not a finite number");
  });

  test('fails when rows differ in width', async () => {
    await fs.writeFile(path.join(dir, 'a.csv'), 'x,1,2\ny,3\n');
    await expect(readChannel('train', dir)).rejects.toThrow("channel 'train', a.csv line 2: has 2 columns but earlier rows have 3");
  });
});
