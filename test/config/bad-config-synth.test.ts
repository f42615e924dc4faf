import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { baseDocument, REPO_ROOT } from '../helpers/test-config';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// the CDK app run as a child process on a bad config (its own file so that mutation testing, whose
// mutants a child process does not see, can leave it out: see stryker.config.mjs)
describe('bad configs', () => {
  test('fails when synth is given a bad config, and synthesizes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-config-'));
    try {
      const doc = baseDocument() as Doc;
      doc.stages = [];
      writeFileSync(join(dir, 'pipeline.yaml'), stringify(doc));
      const out = join(dir, 'cdk.out');
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bin', 'app.ts')], {
        cwd: REPO_ROOT,
        env: { ...process.env, MLPIPE_CONFIG: join(dir, 'pipeline.yaml'), CDK_OUTDIR: out },
        encoding: 'utf8',
      });
      expect(run.status).toBe(3);
      expect(run.stderr).toContain('stages: [] must list at least one stage');
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
