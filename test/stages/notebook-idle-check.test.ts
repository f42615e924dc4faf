import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idleCheckScript } from '../../stages/constructs/workspace-lifecycle';

/**
 * the idle check the notebook's cron runs, as a real python3 process against a loopback Jupyter
 * API and a stand-in `aws` command: it stops the notebook only when no kernel is busy and the
 * server has seen no activity for the configured time.
 */
let server: Server;
let url = '';
let dir = '';
let lastActivity = new Date();
let kernelState = 'idle';
// the interpreter itself, not a version-manager shim that would put its own bin (and its own aws) first on PATH
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url === '/api/status') res.end(JSON.stringify({ started: '2026-12-01T08:00:00.000000Z', last_activity: lastActivity.toISOString().replace('Z', '000Z'), connections: 0, kernels: 1 }));
    else res.end(JSON.stringify([{ id: 'k1', execution_state: kernelState }]));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'idle-check-'));
  writeFileSync(join(dir, 'metadata.json'), JSON.stringify({ ResourceName: 'tst-ws-alice' }));
  writeFileSync(join(dir, 'aws'), `#!/bin/sh\necho "$@" > "${join(dir, 'aws-called')}"\n`);
  chmodSync(join(dir, 'aws'), 0o755);
  writeFileSync(join(dir, 'check.py'), idleCheckScript(60, 'eu-west-1'));
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => rmSync(join(dir, 'aws-called'), { force: true }));

function runCheck(): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(dir, 'check.py')], {
      env: { PATH: `${dir}:${process.env.PATH ?? ''}`, MLPIPE_JUPYTER_URL: url, MLPIPE_RESOURCE_METADATA: join(dir, 'metadata.json') },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

describe('the notebook idle check', () => {
  test('stops the notebook after the configured idle time', async () => {
    lastActivity = new Date(Date.now() - 61 * 60_000);
    kernelState = 'idle';
    expect(await runCheck()).toBe(0);
    expect(readFileSync(join(dir, 'aws-called'), 'utf8').trim()).toBe('sagemaker stop-notebook-instance --region eu-west-1 --notebook-instance-name tst-ws-alice');
  });

  test('leaves a notebook with recent activity running', async () => {
    lastActivity = new Date(Date.now() - 10 * 60_000);
    kernelState = 'idle';
    expect(await runCheck()).toBe(0);
    expect(existsSync(join(dir, 'aws-called'))).toBe(false);
  });

  test('leaves a notebook whose kernel is busy running, however old the last activity', async () => {
    lastActivity = new Date(Date.now() - 5 * 60 * 60_000);
    kernelState = 'busy';
    expect(await runCheck()).toBe(0);
    expect(existsSync(join(dir, 'aws-called'))).toBe(false);
  });
});
