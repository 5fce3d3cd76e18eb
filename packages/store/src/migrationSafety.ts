import { readFileSync } from 'node:fs';
import type { Migration } from './migrate.js';

/**
 * Expand/contract: during a roll the previous release runs against the schema the new one
 * migrated, and after a roll back it runs against it for good. So a release's migrations only
 * add what the previous release can ignore (tables, nullable or defaulted columns, indexes); a
 * step that removes or reshapes what code reads or writes (a contract step) comes in a later
 * release than the one whose code stopped using it, and is listed in migrations/contracts.json
 * with that release named. This finds the contract steps; a test refuses any not listed.
 */
const contractKinds: [kind: string, pattern: RegExp][] = [
  ['drops a table', /\bDROP\s+TABLE\b/i],
  ['drops a column', /\bDROP\s+COLUMN\b/i],
  ['drops an index', /\bDROP\s+INDEX\b/i],
  ['renames', /\bRENAME\b/i],
  ['changes a column type', /\bALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE\b/i],
  // The previous release inserts rows without the column: they would be refused.
  ['makes a column required', /\bALTER\s+COLUMN\s+\S+\s+SET\s+NOT\s+NULL\b/i],
  ['adds a required column without a default', /\bADD\s+COLUMN\b(?![^,]*\bDEFAULT\b)[^,]*\bNOT\s+NULL\b/i],
];

export interface ContractStep {
  migration: string;
  kind: string;
  statement: string;
}

/** The statements of `sql`, comments left out (the migrations hold no dollar-quoted bodies). */
function statementsOf(sql: string): string[] {
  return sql
    .replace(/--.*$/gm, '')
    .split(';')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

export function contractSteps(migration: Pick<Migration, 'name' | 'sql'>): ContractStep[] {
  const steps: ContractStep[] = [];
  for (const statement of statementsOf(migration.sql)) {
    for (const [kind, pattern] of contractKinds)
      if (pattern.test(statement)) steps.push({ migration: migration.name, kind, statement });
  }
  return steps;
}

/** migrations/contracts.json: migration file name -> the release whose code stopped using what it removes. */
export type ContractAllowList = Record<string, string>;

export function readContractAllowList(dir: string): ContractAllowList {
  try {
    return JSON.parse(readFileSync(`${dir}/contracts.json`, 'utf8')) as ContractAllowList;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

/** The contract steps no entry of the allow-list covers: each one a migration an old replica may fail on. */
export function unlistedContractSteps(migrations: Migration[], allowed: ContractAllowList): ContractStep[] {
  return migrations.flatMap(contractSteps).filter((step) => !allowed[step.migration]?.trim());
}
