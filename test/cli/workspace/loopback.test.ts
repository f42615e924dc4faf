import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ExitCode } from '../../../cli/exit-codes';
import { loopbackAwsEnv, runCli } from '../../helpers/run-cli';
import { baseDocument } from '../../helpers/test-config';

/**
 * the real `mlpipe workspace open` process against a loopback SageMaker: proves the wire format of
 * DescribeNotebookInstance, StartNotebookInstance, CreatePresignedNotebookInstanceUrl, ListDomains
 * and CreatePresignedDomainUrl, and that AWS_ENDPOINT_URL_SAGEMAKER and AWS_REGION reach the SDK.
 */
interface Seen {
  readonly target: string;
  readonly body: Record<string, unknown>;
  readonly headers: IncomingHttpHeaders;
}

let server: Server;
let endpoint = '';
let seen: Seen[] = [];
let notebookStatus = 'InService';
let deny = false;
let home = '';

const ALICE = { name: 'alice', identity: 'arn:aws:iam::111111111111:role/DataScientist' };

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '').replace('SageMaker.', '');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      seen.push({ target, body, headers: req.headers });
      if (deny) return reply(res, 400, { __type: 'AccessDeniedException', message: 'not authorized to perform sagemaker:CreatePresignedNotebookInstanceUrl because no identity-based policy allows it' });
      switch (target) {
        case 'DescribeNotebookInstance':
          if (body.NotebookInstanceName !== 'tst-ws-alice') return reply(res, 400, { __type: 'ValidationException', message: 'RecordNotFound' });
          return reply(res, 200, { NotebookInstanceName: body.NotebookInstanceName, NotebookInstanceStatus: notebookStatus });
        case 'StartNotebookInstance':
          return reply(res, 200, {});
        case 'CreatePresignedNotebookInstanceUrl':
          return reply(res, 200, { AuthorizedUrl: `https://${String(body.NotebookInstanceName)}.notebook.eu-west-1.sagemaker.aws?authToken=loopback` });
        case 'ListDomains':
          return reply(res, 200, { Domains: [{ DomainName: 'other', DomainId: 'd-other' }, { DomainName: 'tst-workspace', DomainId: 'd-abc123' }] });
        case 'CreatePresignedDomainUrl':
          return reply(res, 200, { AuthorizedUrl: `https://${String(body.DomainId)}.studio.eu-west-1.sagemaker.aws/auth?token=loopback` });
        default:
          return reply(res, 400, { __type: 'ValidationException', message: `unexpected ${target}` });
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = mkdtempSync(join(tmpdir(), 'mlpipe-workspace-loopback-'));
  writeFileSync(join(home, 'notebook.yaml'), stringify({ ...baseDocument(), workspace: { kind: 'notebook', users: [ALICE, { ...ALICE, name: 'carol' }] } }));
  writeFileSync(join(home, 'studio.yaml'), stringify({ ...baseDocument(), workspace: { kind: 'studio', users: [ALICE] } }));
  writeFileSync(join(home, 'off.yaml'), stringify(baseDocument()));
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

beforeEach(() => {
  seen = [];
  notebookStatus = 'InService';
  deny = false;
});

const run = (args: string[]) => runCli(['workspace', ...args], { cwd: home, env: loopbackAwsEnv(home, { AWS_ENDPOINT_URL_SAGEMAKER: endpoint }) });

describe('mlpipe workspace open (loopback SageMaker)', () => {
  test('prints the notebook\'s presigned URL alone on stdout and says it only works inside the network', async () => {
    const result = await run(['open', 'alice', '--config', 'notebook.yaml']);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toBe('https://tst-ws-alice.notebook.eu-west-1.sagemaker.aws?authToken=loopback\n');
    expect(result.stderr).toContain('works only from inside the workspace network');
    expect(seen.map((s) => s.target)).toEqual(['DescribeNotebookInstance', 'CreatePresignedNotebookInstanceUrl']);
    expect(seen[1].body).toEqual({ NotebookInstanceName: 'tst-ws-alice', SessionExpirationDurationInSeconds: 7200 });
    expect(String(seen[1].headers.authorization)).toContain('/eu-west-1/sagemaker/aws4_request');
  });

  test('finds the Studio domain by name and asks for a 5-minute URL for the user profile', async () => {
    const result = await run(['open', 'alice', '--config', 'studio.yaml', '--session-minutes', '480', '--json']);
    expect(result.code).toBe(ExitCode.OK);
    const doc = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ user: 'alice', kind: 'studio', url: 'https://d-abc123.studio.eu-west-1.sagemaker.aws/auth?token=loopback', validSeconds: 300, sessionSeconds: 28800 });
    expect(String(doc.note)).toContain('Studio endpoints');
    expect(seen.map((s) => s.target)).toEqual(['ListDomains', 'CreatePresignedDomainUrl']);
    expect(seen[1].body).toEqual({ DomainId: 'd-abc123', UserProfileName: 'alice', SessionExpirationDurationInSeconds: 28800, ExpiresInSeconds: 300 });
  });

  test('starts a notebook stopped after its idle timeout and exits 43 asking to run again', async () => {
    notebookStatus = 'Stopped';
    const result = await run(['open', 'alice', '--config', 'notebook.yaml']);
    expect(result.code).toBe(ExitCode.WORKSPACE_NOT_READY);
    expect(result.stderr).toContain('is starting now; run the command again in a few minutes');
    expect(result.stdout).toBe('');
    expect(seen.map((s) => s.target)).toEqual(['DescribeNotebookInstance', 'StartNotebookInstance']);
  });

  test('fails with 18 and names the open role when SageMaker refuses (wrong role, or not through the VPC endpoint)', async () => {
    deny = true;
    const result = await run(['open', 'alice', '--config', 'notebook.yaml']);
    expect(result.code).toBe(ExitCode.ACCESS_DENIED);
    expect(result.stderr).toContain('tst-ws-alice-open');
    expect(result.stderr).toContain('from inside the workspace network');
  });

  test('fails with 41 naming the users when the user is unknown, before any call', async () => {
    const result = await run(['open', 'bob', '--config', 'notebook.yaml']);
    expect(result.code).toBe(ExitCode.WORKSPACE_USER_UNKNOWN);
    expect(result.stderr).toContain('"bob" is not a workspace user; the users are alice, carol');
    expect(seen).toEqual([]);
  });

  test('fails with 42 when the user\'s notebook is not deployed', async () => {
    const result = await run(['open', 'carol', '--config', 'notebook.yaml']);
    expect(result.code).toBe(ExitCode.WORKSPACE_NOT_DEPLOYED);
    expect(result.stderr).toContain('the notebook instance tst-ws-carol does not exist in this account and region');
  });

  test('fails with 40 when the config has no workspace', async () => {
    const result = await run(['open', 'alice', '--config', 'off.yaml']);
    expect(result.code).toBe(ExitCode.WORKSPACE_OFF);
    expect(result.stderr).toContain('add a `workspace:` section');
  });

  test('fails with 2, one line naming the problem and where the usage is, when the user or the action is missing, or a flag is bad', async () => {
    for (const args of [['open'], ['close', 'alice'], ['open', 'alice', '--session-minutes', '5'], ['open', 'alice', '--bogus']]) {
      const result = await run(args);
      expect(result.code).toBe(ExitCode.USAGE);
      const [problem, advice] = result.stderr.trim().split('\n');
      expect(problem).toMatch(/^mlpipe workspace: /);
      expect(advice).toBe('see: mlpipe workspace --help');
    }
    expect(seen).toEqual([]);
  });

  test('fails with 3 when the config file is missing', async () => {
    const result = await run(['open', 'alice', '--config', 'missing.yaml']);
    expect(result.code).toBe(ExitCode.CONFIG);
  });
});
