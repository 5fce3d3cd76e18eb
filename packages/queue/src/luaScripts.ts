import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { luaTaskDefaults } from './taskFormats.js';

export interface LuaScript {
  name: string;
  numberOfKeys: number;
  source: string;
}

const luaDir = fileURLToPath(new URL('../lua/', import.meta.url));
const includePattern = /^--@include (\w+)\s*$/gm;

/** Fragments written from TypeScript tables, so that a table lives in one place. */
const generatedIncludes: Record<string, () => string> = { taskDefaults: luaTaskDefaults };

/** Inlines `--@include name` lines with lua/includes/name.lua (or a generated fragment), each at most once. */
export function resolveIncludes(source: string, included = new Set<string>()): string {
  return source.replace(includePattern, (_line, name: string) => {
    if (included.has(name)) return '';
    included.add(name);
    const generated = generatedIncludes[name];
    if (generated) return generated();
    return resolveIncludes(readFileSync(`${luaDir}includes/${name}.lua`, 'utf8'), included);
  });
}

/** Every script in lua/, named `<name>-<number of keys>.lua`. */
export function loadLuaScripts(): LuaScript[] {
  return readdirSync(luaDir)
    .filter((file) => file.endsWith('.lua'))
    .map((file) => {
      const match = /^(\w+)-(\d+)\.lua$/.exec(file);
      if (!match) throw new Error(`lua/${file}: name must be <operation>-<number of keys>.lua`);
      return {
        name: match[1]!,
        numberOfKeys: Number(match[2]),
        source: resolveIncludes(readFileSync(`${luaDir}${file}`, 'utf8')),
      };
    });
}
