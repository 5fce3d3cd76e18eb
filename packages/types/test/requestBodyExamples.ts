import { type Located, type Schema, isObject, specDocuments } from './specDocuments.js';

const hasExample = (schema: Schema) => 'example' in schema || 'examples' in schema;
const isNullType = (schema: Schema) => schema.type === 'null';

/**
 * Every field of every request body of an OpenAPI document that shows no `example` (or
 * `examples`), named like `POST /v1/tasks: webhook.method`. `$ref`s are followed across files,
 * and an example counts wherever it stands on the way: on the property, or on the schema it
 * refers to. An object is exemplified by its fields (each checked); a `oneOf` by an example of
 * its own or by each of its branches (a `null` branch needs none).
 */
export function fieldsWithoutExample(documentFile: string): string[] {
  const { chainOf, operationsOf } = specDocuments();

  const missing: string[] = [];
  /** The schemas being walked: one that contains itself is not walked into again. */
  const walking = new Set<Schema>();

  const checkFields = (object: Located, where: string) => {
    for (const [name, field] of Object.entries((object.schema.properties ?? {}) as Record<string, Schema>)) {
      checkValue({ schema: field, file: object.file }, where ? `${where}.${name}` : name);
    }
    for (const part of (object.schema.allOf ?? []) as Schema[])
      checkValue({ schema: part, file: object.file }, where, true);
  };

  const checkValue = (value: Located, where: string, exemplified = false) => {
    const chain = chainOf(value);
    const target = chain.at(-1)!;
    if (walking.has(target.schema)) return;
    walking.add(target.schema);
    const shown = exemplified || chain.some((link) => hasExample(link.schema));
    const branches = (target.schema.oneOf ?? target.schema.anyOf) as Schema[] | undefined;
    if (isObject(target.schema.properties) || Array.isArray(target.schema.allOf)) {
      checkFields(target, where);
    } else if (branches) {
      for (const branch of branches) {
        const located = chainOf({ schema: branch, file: target.file }).at(-1)!;
        if (!isNullType(located.schema)) checkValue(located, where, shown);
      }
    } else if (isObject(target.schema.items) && !shown) {
      checkValue({ schema: target.schema.items, file: target.file }, `${where}[]`);
    } else if (!shown) {
      missing.push(where);
    }
    walking.delete(target.schema);
  };

  for (const { method, path, operation, file } of operationsOf(documentFile)) {
    const requestBody = operation.requestBody;
    if (!isObject(requestBody)) continue;
    const body = chainOf({ schema: requestBody, file }).at(-1)!;
    for (const media of Object.values((body.schema.content ?? {}) as Record<string, Schema>)) {
      if (!isObject(media.schema)) continue;
      const before = missing.length;
      checkValue({ schema: media.schema, file: body.file }, '');
      for (let i = before; i < missing.length; i++)
        missing[i] = `${method.toUpperCase()} ${path}: ${missing[i] || '(the body)'}`;
    }
  }
  return missing;
}
