import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fieldsWithoutExample } from './requestBodyExamples.js';

const publicApi = fileURLToPath(new URL('../openapi/public.yaml', import.meta.url));

describe('examples in the public API contract', () => {
  it('every field of every request body of public.yaml shows an example', () => {
    expect(fieldsWithoutExample(publicApi)).toEqual([]);
  });

  it('finds a field without one, through $refs into another file, in nested objects and in oneOf branches', () => {
    const dir = mkdtempSync(join(tmpdir(), 'later-examples-'));
    writeFileSync(
      join(dir, 'shared.yaml'),
      `components:
  schemas:
    Target:
      type: object
      properties:
        url: { type: string, example: 'https://example.com' }
        method: { type: string, enum: [GET, POST], default: POST }
    Delay:
      oneOf:
        - { type: string, example: PT1H }
        - { type: integer }
    Shown:
      type: string
      example: shown on the target
`,
    );
    writeFileSync(
      join(dir, 'api.yaml'),
      `paths:
  /things:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                target: { $ref: './shared.yaml#/components/schemas/Target' }
                delay: { $ref: './shared.yaml#/components/schemas/Delay' }
                shown: { $ref: './shared.yaml#/components/schemas/Shown' }
                note: { type: [string, 'null'], example: a note }
                flag: { type: boolean }
                either:
                  oneOf:
                    - { type: 'null' }
                    - type: object
                      properties:
                        deep: { type: string }
`,
    );
    expect(fieldsWithoutExample(join(dir, 'api.yaml'))).toEqual([
      'POST /things: target.method',
      'POST /things: delay',
      'POST /things: flag',
      'POST /things: either.deep',
    ]);
  });
});
