/**
 * Finds secrets written into deployment files. A secret may only arrive from outside: in compose
 * as an interpolation with no default (`${NAME}` or `${NAME:?message}`; an optional setting may
 * pass through empty, `${NAME:-}`, see composeSecretProblems), in Nomad through a
 * template that reads a Nomad Variable (`{{ ... }}`). Anything else in a secret's place is a
 * literal, and a finding.
 */

/** Names that carry secrets: SIGNING_SECRET, SCHEDULER_TOKEN, REDIS_PASSWORD, SMS_AUTH_TOKEN, API_KEY... */
export const secretName = (name: string): boolean => /(^|_)(SECRET|TOKEN|PASSWORD|PASSWD|AUTH|KEY)(_|$)/.test(name);

/**
 * Compose interpolations without a default (or with an empty one, `${NAME:-}`: nothing written
 * here), and Go template actions: where secrets may come from.
 */
const injected = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}]*|:?-)?\}|\{\{[^}]*\}\}/g;

/** What is left of a value once everything injected from outside is taken out. */
export const literalPart = (value: string): string => value.replace(injected, '');

/** A password inside a URL (`scheme://user:password@host`), which may hold interpolations and template actions. */
const urlCredential = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:((?:\$\{[^}]*\}|\{\{[^}]*\}\}|[^\s@/{$])+)@/gi;

/** A long run of mixed letters and digits: what a generated secret looks like. */
const randomLooking = /[A-Za-z0-9+/_=-]{24,}/g;
const looksGenerated = (token: string): boolean => /[a-z]/.test(token) && /[A-Z]/.test(token) && /[0-9]/.test(token);

export interface Finding {
  where: string;
  problem: string;
}

/** Every string in a parsed document, with its path. */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${path}[${i}]`);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}

/** Rules that hold for any string anywhere in a deployment file. */
export function scanStrings(document: unknown, file: string): Finding[] {
  const findings: Finding[] = [];
  for (const [path, text] of strings(document, '')) {
    const where = `${file}: ${path}`;
    for (const match of text.matchAll(urlCredential)) {
      if (literalPart(match[1]!) !== '')
        findings.push({ where, problem: `a URL carries a literal password: ${match[0]}` });
    }
    for (const line of text.split('\n')) {
      // Config files rendered by templates (redis.conf) and NAME=value env templates.
      const conf = /^\s*(requirepass|masterauth)\s+(.*)$/.exec(line);
      if (conf && literalPart(conf[2]!).trim() !== '') findings.push({ where, problem: `${conf[1]} is a literal` });
      const assignment = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (assignment && secretName(assignment[1]!) && literalPart(assignment[2]!).trim() !== '') {
        findings.push({ where, problem: `${assignment[1]} is assigned a literal` });
      }
    }
    for (const token of literalPart(text).match(randomLooking) ?? []) {
      if (looksGenerated(token))
        findings.push({ where, problem: `looks like a pasted secret: ${token.slice(0, 6)}...` });
    }
  }
  return findings;
}

/** Environment maps: a secret-named variable must get all of its value from outside. */
export function scanEnvironment(env: Record<string, string>, where: string, allowLiterals: boolean): Finding[] {
  return Object.entries(env)
    .filter(([name]) => secretName(name))
    .filter(([, value]) => !allowLiterals || literalPart(value) !== '')
    .map(([name]) => ({
      where,
      problem: allowLiterals
        ? `${name} has a literal value`
        : `${name} is set in an env block; take it from a Nomad Variable through a template`,
    }));
}
