import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types, shared with the build
import { redocly } from '../scripts/redocly.mjs';

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
}

const lint = (file: string): LintReport => {
  const run = (redocly as (args: string[]) => { stdout: string })(['lint', file, '--format', 'json']);
  return JSON.parse(run.stdout) as LintReport;
};

// Each lint starts the Redocly CLI: seconds on a busy machine.
describe('the public API contract reads well in any OpenAPI tool', { timeout: 60_000 }, () => {
  it('passes redocly lint with its recommended rules: no error, no warning', () => {
    const report = lint('openapi/public.yaml');
    const problems = report.problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('the lint can fail: an operation without a summary is an error', () => {
    const spec = readFileSync(new URL('../openapi/public.yaml', import.meta.url), 'utf8');
    const broken = spec.replace(/\n(\s+)summary: Schedule a task\n/, '\n');
    expect(broken).not.toBe(spec);
    const file = `openapi/.lint-probe-${process.pid}.yaml`;
    const url = new URL(`../${file}`, import.meta.url);
    try {
      writeFileSync(url, broken);
      expect(lint(file).problems.map((p) => p.ruleId)).toContain('operation-summary');
    } finally {
      rmSync(url, { force: true });
    }
  });

  it('the build bundles it into one JSON document without external $refs', () => {
    const bundled = readFileSync(new URL('../dist/openapi/public.json', import.meta.url), 'utf8');
    const refs = [...bundled.matchAll(/"\$ref":\s*"([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => !ref.startsWith('#/'))).toEqual([]);
    expect(JSON.parse(bundled)).toMatchObject({
      openapi: '3.1.0',
      paths: { '/v1/tasks': { post: { operationId: 'createTask' } } },
    });
  });
});
