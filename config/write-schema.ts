import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configReferenceMarkdown } from './config-reference';
import { configJsonSchema } from './json-schema';

/** `npm run schema`: writes config/pipeline.schema.json for editors and docs/config-reference.md for readers. */
const targets: [string, string][] = [
  [join(__dirname, 'pipeline.schema.json'), configJsonSchema()],
  [join(__dirname, '..', 'docs', 'config-reference.md'), configReferenceMarkdown()],
];
for (const [target, text] of targets) {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
