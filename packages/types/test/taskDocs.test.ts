import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CreateTaskRequest } from '../src/schemas/index.js';

const apiDoc = readFileSync(fileURLToPath(new URL('../../../docs/api.md', import.meta.url)), 'utf8');

/** The part of a doc under `## <heading>`, up to the next such heading. */
const sectionOf = (doc: string, heading: string): string => doc.split(`\n## ${heading}\n`)[1]!.split('\n## ')[0]!;

/** The field names a section's table rows start with; a row may name several: | `a.b`, `a.c` | ... */
function documentedFields(section: string): string[] {
  return [...section.matchAll(/^\| ((?:`[\w.]+`(?:, )?)+) \|/gm)].flatMap((row) =>
    [...row[1]!.matchAll(/`([\w.]+)`/g)].map((name) => name[1]!),
  );
}

/** The properties of an object schema (optional or not), or undefined for any other schema. */
function propertiesOf(schema: z.ZodType): string[] | undefined {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : undefined;
}

/**
 * The names a table must give to describe `schema` exactly: each field by its name, or, when the
 * table describes a field's properties row by row (`webhook.url`), each of its properties.
 */
function fieldsToDocument(schema: z.ZodObject, documented: string[]): string[] {
  return Object.entries(schema.shape).flatMap(([field, fieldSchema]) => {
    const properties = propertiesOf(fieldSchema as z.ZodType);
    const byProperty = properties !== undefined && documented.some((name) => name.startsWith(`${field}.`));
    return byProperty ? properties.map((property) => `${field}.${property}`) : [field];
  });
}

/** The first ```json block of a section. */
const exampleOf = (section: string): unknown => JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!);

describe('docs/api.md, "A task"', () => {
  const section = sectionOf(apiDoc, 'A task');

  it('has a table row for every field of a task, and for no other', () => {
    const documented = documentedFields(section);
    expect([...documented].sort()).toEqual(fieldsToDocument(CreateTaskRequest, documented).sort());
  });

  it('shows an example that is a valid task', () => {
    const parsed = CreateTaskRequest.safeParse(exampleOf(section));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('would be caught naming a field the schema lacks, or leaving one out', () => {
    const documented = documentedFields(section);
    const planted = [...documented.filter((name) => name !== 'stream'), 'streem'];
    expect(planted.sort()).not.toEqual(fieldsToDocument(CreateTaskRequest, planted).sort());
    const lacksOneProperty = documented.filter((name) => name !== 'webhook.method');
    expect(lacksOneProperty.sort()).not.toEqual(fieldsToDocument(CreateTaskRequest, lacksOneProperty).sort());
  });
});
