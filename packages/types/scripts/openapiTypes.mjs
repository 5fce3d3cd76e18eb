// Renders the TypeScript for one OpenAPI document; shared by `npm run generate` and the staleness test.
import openapiTS, { astToString } from 'openapi-typescript';

export const documents = ['public', 'scheduler'];

export async function renderTypes(name) {
  const url = new URL(`../openapi/${name}.yaml`, import.meta.url);
  const ast = await openapiTS(url, { alphabetize: true, defaultNonNullable: false });
  return `// Generated from openapi/${name}.yaml by \`npm run generate\`. Do not edit.\n\n${astToString(ast)}`;
}
