import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

type Schema = Record<string, unknown>;

/** A schema and the file it was read from: a `$ref` inside it is relative to that file. */
interface Located {
  schema: Schema;
  file: string;
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const isObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
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
  const documents = new Map<string, Schema>();
  const load = (file: string): Schema => {
    let document = documents.get(file);
    if (!document) {
      document = parse(readFileSync(file, 'utf8')) as Schema;
      documents.set(file, document);
    }
    return document;
  };

  const follow = (ref: string, from: string): Located => {
    const [path, pointer = ''] = ref.split('#');
    const file = path ? resolve(dirname(from), path) : from;
    let node: unknown = load(file);
    for (const part of pointer.split('/').filter(Boolean)) node = (node as Schema)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    if (!isObject(node)) throw new Error(`${ref} (from ${from}) leads nowhere`);
    return { schema: node, file };
  };

  /** The chain of schemas a `$ref` leads through, the first the one given, the last the target. */
  const chainOf = (start: Located): Located[] => {
    const chain = [start];
    while (typeof chain.at(-1)!.schema.$ref === 'string') {
      if (chain.length > 20) throw new Error(`a $ref loop at ${String(start.schema.$ref)}`);
      chain.push(follow(chain.at(-1)!.schema.$ref as string, chain.at(-1)!.file));
    }
    return chain;
  };

  const missing: string[] = [];
  /** The schemas being walked: one that contains itself is not walked into again. */
  const walking = new Set<Schema>();

  const checkFields = (object: Located, where: string) => {
    for (const [name, field] of Object.entries((object.schema.properties ?? {}) as Record<string, Schema>)) {
      checkValue({ schema: field, file: object.file }, where ? `${where}.${name}` : name);
    }
    for (const part of (object.schema.allOf ?? []) as Schema[]) checkValue({ schema: part, file: object.file }, where, true);
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

  const document = load(resolve(documentFile));
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Schema>)) {
    for (const method of methods.filter((m) => isObject(item[m]))) {
      const requestBody = (item[method] as Schema).requestBody;
      if (!isObject(requestBody)) continue;
      const body = chainOf({ schema: requestBody, file: resolve(documentFile) }).at(-1)!;
      for (const media of Object.values((body.schema.content ?? {}) as Record<string, Schema>)) {
        if (!isObject(media.schema)) continue;
        const before = missing.length;
        checkValue({ schema: media.schema, file: body.file }, '');
        for (let i = before; i < missing.length; i++) missing[i] = `${method.toUpperCase()} ${path}: ${missing[i] || '(the body)'}`;
      }
    }
  }
  return missing;
}
