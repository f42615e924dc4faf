import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { RequestLog } from '../src/request-log';
import { createServingServer } from '../src/server';
import { serverConfigFromEnv } from '../src/server-config';
import { call } from '../../test/helpers/http-client';
import { irisArtifact, writeModel } from '../../test/helpers/iris-model';
import { tempRoot } from '../../test/helpers/programs';

describe('serving server lifecycle (in process)', () => {
  test('answers /ping 503 until the model is loaded, then 200, and 503 while draining', async () => {
    const root = await tempRoot('lifecycle');
    try {
      await writeModel(path.join(root, 'model'), await irisArtifact());
      const lines: string[] = [];
      const serving = createServingServer(serverConfigFromEnv({ SM_ROOT: root, SAGEMAKER_BIND_TO_PORT: '0', SERVING_HOST: '127.0.0.1' }), new RequestLog((t) => lines.push(t)));
      const port = await serving.listen();
      expect(await call(port, '/ping')).toMatchObject({ status: 503, body: '{"status":"loading"}' });
      const early = await call(port, '/invocations', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: '1,2,3,4' });
      expect(early.status).toBe(503);
      await serving.loadSingleModel();
      expect((await call(port, '/ping')).status).toBe(200);
      expect(await serving.shutdown('SIGTERM')).toBe(0);
      await expect(call(port, '/ping')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
