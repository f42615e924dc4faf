import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGISTRY_METADATA } from '../../cli/lib/registry/model-package-request';
import { STAGE_READ_ACTIONS } from '../../stages/constructs/model-package-groups';
import { VERSION_TAG_PREFIX } from '../../config/registry-names';
import { descriptionOf } from '../../pipeline/console-rejection/index';
import { REPO_ROOT } from '../helpers/test-config';

const doc = readFileSync(join(REPO_ROOT, 'docs', 'model-registry.md'), 'utf8');

describe('docs/model-registry.md says what the code does', () => {
  test('names every customer metadata entry a version records', () => {
    const names = [REGISTRY_METADATA.model, REGISTRY_METADATA.identity, REGISTRY_METADATA.modelKey, REGISTRY_METADATA.trainingJob, REGISTRY_METADATA.commit, REGISTRY_METADATA.gate, `${REGISTRY_METADATA.dataPrefix}<channel>`, `${REGISTRY_METADATA.metricPrefix}<name>`];
    expect(names.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });

  test('names exactly the read actions the stage accounts get, and the endpoint tag', () => {
    for (const action of [...STAGE_READ_ACTIONS.group, ...STAGE_READ_ACTIONS.versions]) expect(doc).toContain(`\`${action}\``);
    expect(doc).toContain(`\`${VERSION_TAG_PREFIX}<model>\``);
  });

  test('names the pipeline step and the commands that change a version\'s status', () => {
    for (const text of ['`MarkVersionsApproved`', '`npx mlpipe registry approve`', '`mlpipe reject <stage> --reason ...`', '`lineage.md`', '`lineage.json`']) expect(doc).toContain(text);
  });

  test('describes the console-rejection rule, the function\'s grants and the description it records', () => {
    const flat = doc.replace(/\s+/g, ' ');
    for (const text of ['`CodePipeline Action Execution State Change`', '`<prefix>-registry-console-rejections`', '`FAILED`', '`codepipeline:ListActionExecutions`', '`sagemaker:UpdateModelPackage`']) expect(flat).toContain(text);
    const fallback = descriptionOf({ stage: '<stage>', action: '<action>', executionId: '<id>', summary: '' });
    expect(flat).toContain(`\`${fallback.slice(fallback.indexOf(': ') + 2)}\``);
    expect(flat).not.toContain('Limitation');
  });
});
