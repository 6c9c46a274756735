// npm run schema: write schema/lab.schema.json, the JSON Schema of lab files, from the schema in
// code (lab/input/schema.ts) and the methods the lab has. A unit test keeps the file equal to it.
import { writeFileSync } from 'node:fs';
import { labFileJsonSchema } from '../lab/input/resolve.js';
import { SCENARIOS } from '../scenarios/index.js';

export const SCHEMA_PATH = 'schema/lab.schema.json';

export function schemaText(): string {
  return JSON.stringify(labFileJsonSchema(SCENARIOS), null, 2) + '\n';
}

if (process.argv[1]?.endsWith('scripts/schema.ts')) {
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
