import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, parseConfig, pipelineName } from '../../config';
import { configJsonSchema } from '../../config/json-schema';
import { REPO_ROOT } from '../helpers/test-config';

describe('the committed config', () => {
  test('pipeline.yaml is valid and names the pipeline from the prefix', () => {
    const config = loadConfig(join(REPO_ROOT, 'pipeline.yaml'));
    expect(config.stages.length).toBeGreaterThanOrEqual(2);
    expect(pipelineName(config)).toBe(`${config.project.prefix}-pipeline`);
  });

  test('pipeline.yaml points editors at the generated JSON Schema', () => {
    expect(readFileSync(join(REPO_ROOT, 'pipeline.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./config/pipeline.schema.json');
  });

  test('config/pipeline.schema.json is what `npm run schema` writes from the zod schema', () => {
    const committed = readFileSync(join(REPO_ROOT, 'config', 'pipeline.schema.json'), 'utf8');
    if (committed !== configJsonSchema()) throw new Error('config/pipeline.schema.json is stale: run `npm run schema` and commit the result');
  });

  test('fails when the file does not exist, saying how to fix it', () => {
    expect(() => loadConfig('/nonexistent/pipeline.yaml')).toThrow(/does not exist; pass the path of your pipeline.yaml/);
  });

  test('fails when the file is not YAML, naming the line', () => {
    expect(() => parseConfig('project: [unclosed\n', 'x.yaml')).toThrow(/line 2, column 1 is not valid YAML: [a-z].*; fix the syntax there\n?$/);
  });
});
