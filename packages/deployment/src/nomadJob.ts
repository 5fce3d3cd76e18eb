import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { durationMs } from './duration.js';

/**
 * A Nomad job file as HashiCorp's own HCL parser reads it (hcl2json is that parser compiled to
 * WebAssembly), with the parts the checks look at pulled out. Blocks come back as arrays of
 * objects; `${var.x}` references stay strings and are resolved against the variables' defaults.
 */
export interface NomadJob {
  file: string;
  name: string;
  /** Declared variables and their defaults (undefined when the variable must be given). */
  variables: Record<string, unknown>;
  namespace: unknown;
  groups: NomadGroup[];
  /** The whole parsed document, for checks that scan every value. */
  document: unknown;
}

export interface NomadGroup {
  name: string;
  count: number;
  /** `count` as written, e.g. "${var.count}". */
  countSource: unknown;
  update: Block | undefined;
  restart: Block | undefined;
  reschedule: Block | undefined;
  volumes: Record<string, Block>;
  /** Port label -> its block (`to`, `static`). */
  ports: Record<string, Block>;
  services: Block[];
  tasks: NomadTask[];
}

export interface NomadTask {
  name: string;
  driver: unknown;
  config: Block;
  env: Record<string, string>;
  /** Every template, including those a `dynamic "template"` block would make. */
  templates: NomadTemplate[];
  killTimeoutMs: number | undefined;
  volumeMounts: Block[];
  resources: Block | undefined;
}

export interface NomadTemplate {
  data: string;
  destination: string;
  env: boolean;
  changeMode: string;
  /** Made only when a `dynamic` block's for_each is not empty. */
  conditional: boolean;
}

export type Block = Record<string, unknown>;

const blocks = (value: unknown): Block[] => (Array.isArray(value) ? (value as Block[]) : []);
const firstBlock = (value: unknown): Block | undefined => blocks(value)[0];
/** Labelled blocks (`group "x" {}`) come back as { x: [ {...} ] }. */
const labelled = (value: unknown): [string, Block][] =>
  Object.entries((value ?? {}) as Record<string, unknown>).map(([label, body]) => [label, firstBlock(body) ?? {}]);

export function resolveVariable(value: unknown, variables: Record<string, unknown>): unknown {
  const reference = typeof value === 'string' ? /^\$\{var\.([A-Za-z0-9_]+)\}$/.exec(value) : null;
  return reference ? variables[reference[1]!] : value;
}

function templatesOf(task: Block): NomadTemplate[] {
  const toTemplate = (block: Block, conditional: boolean): NomadTemplate => ({
    data: String(block.data ?? ''),
    destination: String(block.destination ?? ''),
    env: block.env === true,
    changeMode: String(block.change_mode ?? 'restart'),
    conditional,
  });
  const dynamicTemplates = blocks((task.dynamic as Record<string, unknown> | undefined)?.template).flatMap((d) =>
    blocks(d.content).map((content) => toTemplate(content, true)),
  );
  return [...blocks(task.template).map((t) => toTemplate(t, false)), ...dynamicTemplates];
}

export async function parseNomadJob(file: string): Promise<NomadJob> {
  const document = (await parse(basename(file), readFileSync(file, 'utf8'))) as Record<string, unknown>;
  const variables = Object.fromEntries(labelled(document.variable).map(([name, body]) => [name, body.default]));
  const jobs = labelled(document.job);
  if (jobs.length !== 1) throw new Error(`${file}: expected one job, found ${jobs.length}`);
  const [name, job] = jobs[0]!;
  const groups = labelled(job.group).map(([groupName, group]): NomadGroup => {
    const network = firstBlock(group.network) ?? {};
    return {
      name: groupName,
      count: Number(resolveVariable(group.count ?? 1, variables)),
      countSource: group.count,
      update: firstBlock(group.update) ?? firstBlock(job.update),
      restart: firstBlock(group.restart),
      reschedule: firstBlock(group.reschedule),
      volumes: Object.fromEntries(labelled(group.volume)),
      ports: Object.fromEntries(labelled(network.port)),
      services: [...blocks(group.service), ...labelled(group.task).flatMap(([, task]) => blocks(task.service))],
      tasks: labelled(group.task).map(([taskName, task]) => ({
        name: taskName,
        driver: task.driver,
        config: firstBlock(task.config) ?? {},
        env: Object.fromEntries(Object.entries(firstBlock(task.env) ?? {}).map(([k, v]) => [k, String(v)])),
        templates: templatesOf(task),
        killTimeoutMs: durationMs(task.kill_timeout),
        volumeMounts: blocks(task.volume_mount),
        resources: firstBlock(task.resources),
      })),
    };
  });
  return { file, name, variables, namespace: resolveVariable(job.namespace, variables), groups, document };
}

/** The variables a template with `env = true` defines: its `NAME=` lines. */
export function templateVariables(template: NomadTemplate): string[] {
  if (!template.env) return [];
  return [...template.data.matchAll(/^\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
}

/** The line of a template that defines `name`, e.g. `REDIS_URL={{ range nomadService ... }}`. */
export function templateLine(task: NomadTask, name: string): string | undefined {
  for (const template of task.templates) {
    if (!template.env) continue;
    const line = template.data.split('\n').find((l) => new RegExp(`^\\s*${name}=`).test(l));
    if (line) return line.trim();
  }
  return undefined;
}

/**
 * Variables a task is sure to get: its `env` block and the `NAME=` lines of its env templates,
 * leaving out templates that only a `dynamic` block with a variable switch would make.
 */
export function providedEnv(task: NomadTask): Set<string> {
  return new Set([
    ...Object.keys(task.env),
    ...task.templates.filter((t) => !t.conditional).flatMap(templateVariables),
  ]);
}
