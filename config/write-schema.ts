import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema } from './json-schema';

/** `npm run schema`: writes config/pipeline.schema.json for editors. */
const target = join(__dirname, 'pipeline.schema.json');
writeFileSync(target, configJsonSchema());
process.stdout.write(`wrote ${target}\n`);
