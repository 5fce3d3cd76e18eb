import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types, shared with `npm run generate`
import { documents, renderTypes } from '../scripts/openapiTypes.mjs';

describe('generated OpenAPI types', () => {
  for (const name of documents as string[]) {
    it(`src/generated/${name}.ts matches openapi/${name}.yaml (run \`npm run generate\` if not)`, async () => {
      const committed = readFileSync(new URL(`../src/generated/${name}.ts`, import.meta.url), 'utf8');
      expect(committed).toBe(await renderTypes(name));
    });
  }
});
