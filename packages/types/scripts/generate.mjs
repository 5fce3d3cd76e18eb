import { writeFile } from 'node:fs/promises';
import { documents, renderTypes } from './openapiTypes.mjs';

for (const name of documents) {
  const target = new URL(`../src/generated/${name}.ts`, import.meta.url);
  await writeFile(target, await renderTypes(name));
  console.log(`wrote src/generated/${name}.ts`);
}
