import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the client ships its own copy of the public API types', () => {
  it('src/generated/public.ts is the one @later/types generates from public.yaml (run `npm run generate` if not)', () => {
    const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
    expect(read('../src/generated/public.ts')).toBe(read('../../types/src/generated/public.ts'));
  });
});
