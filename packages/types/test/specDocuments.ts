import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

export type Schema = Record<string, unknown>;

/** A schema and the file it was read from: a `$ref` inside it is relative to that file. */
export interface Located {
  schema: Schema;
  file: string;
}

export const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
export const isObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads OpenAPI documents (each once) and follows `$ref`s across them. */
export function specDocuments() {
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
    for (const part of pointer.split('/').filter(Boolean))
      node = (node as Schema)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
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

  /** Each operation of a document, with the file its `$ref`s are relative to. */
  const operationsOf = (documentFile: string) => {
    const file = resolve(documentFile);
    const operations: { method: string; path: string; item: Schema; operation: Schema; file: string }[] = [];
    for (const [path, item] of Object.entries((load(file).paths ?? {}) as Record<string, Schema>)) {
      for (const method of methods.filter((m) => isObject(item[m])))
        operations.push({ method, path, item, operation: item[method] as Schema, file });
    }
    return operations;
  };

  return { load, chainOf, operationsOf };
}
