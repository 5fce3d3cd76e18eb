import { type Located, type Schema, isObject, specDocuments } from './specDocuments.js';

/** One value a request carries, as the spec describes it: a body field or a query parameter. */
export interface SpecField {
  operation: string;
  in: 'body' | 'query';
  /** Field names (an array's element is `0`, a map's entry `x-probe`); empty for the body itself. */
  path: string[];
  /** The field's schema with the schemas its `$ref`s lead to merged in (the nearest wins). */
  schema: Schema;
  /** The spec's example of the field, if it shows one (or one can be made from its fields). */
  sample: unknown;
  /** An example of each object or array on the way, to put the field in a request that lacks them. */
  containers: unknown[];
  /** For an array or a map, an example of one element. */
  element?: unknown;
}

/** A request body as the spec shows it in full, to start probing from. */
export interface SpecExample {
  operation: string;
  value: unknown;
}

export const mapKey = 'x-probe';

/** The non-null type of a schema (`[string, 'null']` is a string). */
export const typeOf = (schema: Schema): string | undefined =>
  Array.isArray(schema.type)
    ? (schema.type as string[]).find((t) => t !== 'null')
    : (schema.type as string | undefined);

/** Every constrained or typed value of the request bodies and query parameters of a document. */
export function specFields(documentFile: string): { fields: SpecField[]; examples: SpecExample[] } {
  const { chainOf, operationsOf } = specDocuments();
  const fields: SpecField[] = [];
  const examples: SpecExample[] = [];

  const merged = (chain: Located[]): Schema => {
    const schema = Object.assign({}, ...chain.map((link) => link.schema).reverse()) as Schema;
    delete schema.$ref;
    return schema;
  };
  const branchesOf = (target: Located): Located[] =>
    ((target.schema.oneOf ?? target.schema.anyOf ?? []) as Schema[])
      .map((branch) => chainOf({ schema: branch, file: target.file }).at(-1)!)
      .filter((branch) => branch.schema.type !== 'null');

  const sampleOf = (value: Located, depth = 0): unknown => {
    const chain = chainOf(value);
    const shown = chain.find((link) => 'example' in link.schema || 'examples' in link.schema)?.schema;
    if (shown) return 'example' in shown ? shown.example : (shown.examples as unknown[])[0];
    const target = chain.at(-1)!;
    if (depth > 10) return undefined;
    if (isObject(target.schema.properties)) {
      const properties = target.schema.properties as Record<string, Schema>;
      const entries = ((target.schema.required ?? []) as string[]).map((name) => [
        name,
        sampleOf({ schema: properties[name]!, file: target.file }, depth + 1),
      ]);
      return Object.fromEntries(entries);
    }
    const [branch] = branchesOf(target);
    if (branch) return sampleOf(branch, depth + 1);
    if (isObject(target.schema.items)) return [sampleOf({ schema: target.schema.items, file: target.file }, depth + 1)];
    return undefined;
  };

  const walk = (value: Located, where: Omit<SpecField, 'schema' | 'sample' | 'element'>, walking: Set<Schema>) => {
    const chain = chainOf(value);
    const target = chain.at(-1)!;
    if (walking.has(target.schema)) return;
    const inner = new Set([...walking, target.schema]);
    const schema = merged(chain);
    const sample = sampleOf(value);
    const deeper = (child: Schema, name: string) =>
      walk(
        { schema: child, file: target.file },
        { ...where, path: [...where.path, name], containers: [...where.containers, sample] },
        inner,
      );

    const branches = branchesOf(target);
    if (branches.length > 0) {
      for (const branch of branches) walk(branch, where, inner);
      return;
    }
    const kind = typeOf(schema);
    const element = isObject(schema.items)
      ? schema.items
      : isObject(schema.additionalProperties)
        ? schema.additionalProperties
        : undefined;
    if (kind !== undefined) {
      fields.push({ ...where, schema, sample, element: element && sampleOf({ schema: element, file: target.file }) });
    }
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>))
      deeper(property, name);
    if (isObject(schema.items)) deeper(schema.items, '0');
    if (isObject(schema.additionalProperties)) deeper(schema.additionalProperties, mapKey);
  };

  for (const { item, operation, file } of operationsOf(documentFile)) {
    const operationId = String(operation.operationId);
    const parameters = [...((item.parameters ?? []) as Schema[]), ...((operation.parameters ?? []) as Schema[])];
    for (const parameter of parameters) {
      const located = chainOf({ schema: parameter, file }).at(-1)!;
      const {
        name,
        in: place,
        schema,
        example,
      } = located.schema as { name: string; in: string; schema?: Schema; example?: unknown };
      if (place !== 'query' || !isObject(schema)) continue;
      const before = fields.length;
      walk(
        { schema, file: located.file },
        { operation: operationId, in: 'query', path: [name], containers: [] },
        new Set(),
      );
      if (example !== undefined) for (const field of fields.slice(before)) field.sample ??= example;
    }
    if (!isObject(operation.requestBody)) continue;
    const body = chainOf({ schema: operation.requestBody, file }).at(-1)!;
    const media = ((body.schema.content ?? {}) as Record<string, Schema>)['application/json'];
    if (!isObject(media?.schema)) continue;
    if ('example' in media) examples.push({ operation: operationId, value: media.example });
    walk(
      { schema: media.schema, file: body.file },
      { operation: operationId, in: 'body', path: [], containers: [] },
      new Set(),
    );
  }
  return { fields, examples };
}
