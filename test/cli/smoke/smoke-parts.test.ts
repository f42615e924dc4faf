import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { CommandIo } from '../../../cli/command';
import { smokeTestCommand } from '../../../cli/commands/smoke-test';
import { ExitCode } from '../../../cli/exit-codes';
import { checkAnswer, predictedLabels } from '../../../cli/lib/smoke/check-answer';
import { percentile } from '../../../cli/lib/smoke/latency';
import { parseSmokeCase, readSmokeCases } from '../../../cli/lib/smoke/smoke-case';
import { baseDocument } from '../../helpers/test-config';

const csvCase = parseSmokeCase('a.json', { contentType: 'text/csv', body: '1,2,3,4\n', expect: { labels: ['setosa'] } });

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(samples, 50), percentile(samples, 99), percentile(samples, 100)]).toEqual([50, 99, 100]);
    expect(percentile([7, 3, 5], 99)).toBe(7);
  });

  it('fails when there are no samples', () => {
    expect(() => percentile([], 99)).toThrow('no latency samples');
  });
});

describe('answers', () => {
  it('reads labels from CSV and JSON answers', () => {
    expect(predictedLabels('setosa,0.9,0.1\n"virginica",0.2,0.8\n', 'text/csv')).toEqual(['setosa', 'virginica']);
    expect(predictedLabels('{"predictions":[{"label":"versicolor"}]}', 'application/json')).toEqual(['versicolor']);
  });

  it('fails when a JSON answer has no predictions', () => {
    expect(checkAnswer(csvCase, '{"error":"x"}', 'application/json')[0]).toContain('has no predictions to compare');
  });

  it('fails when an expected substring is missing', () => {
    const c = parseSmokeCase('b.json', { contentType: 'text/csv', body: '1', expect: { includes: ['probabilities'] } });
    expect(checkAnswer(c, 'setosa,1', 'text/csv')).toEqual(['the answer does not contain "probabilities": setosa,1']);
  });
});

describe('sample cases', () => {
  it('fails when a case expects nothing, so it could never fail', () => {
    expect(() => parseSmokeCase('c.json', { contentType: 'text/csv', body: '1,2,3,4' })).toThrow('c.json: expects nothing: give "expect.labels" or "expect.includes"');
  });

  it('fails when a case has no body', () => {
    expect(() => parseSmokeCase('d.json', { contentType: 'text/csv', expect: { labels: [] } })).toThrow('d.json: has no "body"');
  });

  it('fails when the folder holds no cases', async () => {
    await expect(readSmokeCases(mkdtempSync(join(tmpdir(), 'smoke-')))).rejects.toThrow('holds no *.json sample cases');
  });
});

describe('mlpipe smoke-test', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-smoke-'));
  writeFileSync(join(dir, 'pipeline.yaml'), stringify(baseDocument()));
  const io = (env: NodeJS.ProcessEnv) => {
    const err: string[] = [];
    const value: CommandIo = { out: () => undefined, err: (t) => err.push(t), env, cwd: dir, isTty: false };
    return { io: value, err };
  };

  it('fails when no endpoint is given', async () => {
    const run = io({});
    await expect(smokeTestCommand.run(['--stage', 'Staging'], run.io)).resolves.toBe(ExitCode.USAGE);
    expect(run.err.join('')).toContain('--endpoint is required (or set ENDPOINT_NAME');
  });

  it('fails when the stage is not in the config', async () => {
    const run = io({ ENDPOINT_NAME: 'tst-qa' });
    await expect(smokeTestCommand.run(['--stage', 'QA'], run.io)).resolves.toBe(ExitCode.CONFIG);
    expect(run.err.join('')).toContain("stage 'QA' is not in the config (stages: Staging)");
  });

  it('fails when --requests is not a number', async () => {
    const run = io({ ENDPOINT_NAME: 'tst-staging' });
    await expect(smokeTestCommand.run(['--stage', 'Staging', '--requests', 'many'], run.io)).resolves.toBe(ExitCode.USAGE);
    expect(run.err.join('')).toContain("--requests must be a positive whole number, got 'many'");
  });

  it('fails when the sample folder is missing', async () => {
    const run = io({ ENDPOINT_NAME: 'tst-staging' });
    await expect(smokeTestCommand.run(['--stage', 'Staging', '--samples', 'nowhere'], run.io)).resolves.toBe(ExitCode.SMOKE_TEST_FAILED);
    expect(run.err.join('')).toContain('cannot read the sample folder');
  });
});

describe('mlpipe smoke-test --gate', () => {
  it('fails when the gate is unknown', async () => {
    const err: string[] = [];
    const io: CommandIo = { out: () => undefined, err: (t) => err.push(t), env: { ENDPOINT_NAME: 'x' }, cwd: tmpdir(), isTty: false };
    await expect(smokeTestCommand.run(['--stage', 'Staging', '--gate', 'speed'], io)).resolves.toBe(ExitCode.USAGE);
    expect(err.join('')).toContain("--gate must be one of all, samples, latency, got 'speed'");
  });
});
