import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { durationMs } from './duration.js';

/** docker-compose.yml, read as YAML (merge keys on, as compose reads it). */
export interface ComposeFile {
  file: string;
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
  document: unknown;
}

export interface ComposeService {
  name: string;
  image: string | undefined;
  buildArgs: Record<string, string>;
  /** Built from this Dockerfile (relative to the compose file), if built here. */
  dockerfile: string | undefined;
  environment: Record<string, string>;
  command: string[];
  /** `scale`, or `deploy.replicas`, or 1. */
  replicas: number;
  /** "8080:8080" style published ports, as host -> container. */
  published: { host: number; container: number }[];
  expose: number[];
  volumes: string[];
  healthcheck: string[] | undefined;
  dependsOn: Record<string, string>;
  stopGracePeriodMs: number | undefined;
}

type Raw = Record<string, unknown>;

const asRecord = (value: unknown): Raw =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {};
const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];

/** `environment:` as a map or as a list of NAME=value. */
function environmentOf(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map(String).map((entry) => [entry.split('=')[0]!, entry.slice(entry.indexOf('=') + 1)]),
    );
  }
  return Object.fromEntries(Object.entries(asRecord(value)).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

export function parseComposeFile(file: string): ComposeFile {
  const document = parse(readFileSync(file, 'utf8'), { merge: true }) as Raw;
  const services = Object.fromEntries(
    Object.entries(asRecord(document.services)).map(([name, value]) => {
      const raw = asRecord(value);
      const build = asRecord(raw.build);
      const ports = asStrings(raw.ports).map((spec) => {
        const [host, container] = spec.split(':').slice(-2).map(Number);
        return { host: host!, container: container ?? host! };
      });
      const healthcheck = asRecord(raw.healthcheck);
      const service: ComposeService = {
        name,
        image: typeof raw.image === 'string' ? raw.image : undefined,
        buildArgs: Object.fromEntries(Object.entries(asRecord(build.args)).map(([k, v]) => [k, String(v)])),
        dockerfile: typeof build.dockerfile === 'string' ? build.dockerfile : undefined,
        environment: environmentOf(raw.environment),
        command: asStrings(raw.command),
        replicas: Number(raw.scale ?? asRecord(raw.deploy).replicas ?? 1),
        published: ports,
        expose: asStrings(raw.expose).map(Number),
        volumes: asStrings(raw.volumes),
        healthcheck: healthcheck.test === undefined ? undefined : asStrings(healthcheck.test),
        dependsOn: Array.isArray(raw.depends_on)
          ? Object.fromEntries(raw.depends_on.map((d) => [String(d), 'service_started']))
          : Object.fromEntries(
              Object.entries(asRecord(raw.depends_on)).map(([k, v]) => [k, String(asRecord(v).condition)]),
            ),
        stopGracePeriodMs: durationMs(raw.stop_grace_period),
      };
      return [name, service];
    }),
  );
  return { file, services, volumes: asRecord(document.volumes), document };
}

/** A compose interpolation: ${NAME}, ${NAME:?message}, ${NAME:-default}, ... */
export interface Interpolation {
  text: string;
  name: string;
  /** The value used when NAME is unset (`:-` or `-`), if any. */
  fallback: string | undefined;
}

export function interpolations(value: string): Interpolation[] {
  return [...value.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|(:?\?)([^}]*))?\}/g)].map((m) => ({
    text: m[0],
    name: m[1]!,
    fallback: m[2] ? m[3] : undefined,
  }));
}
