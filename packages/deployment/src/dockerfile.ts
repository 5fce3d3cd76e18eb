import { readFileSync } from 'node:fs';

/** One Dockerfile instruction, continuation lines joined, in the stage it belongs to. */
export interface Instruction {
  keyword: string;
  args: string;
  /** Index of the FROM that opened its stage (-1: before the first FROM, i.e. global ARGs). */
  stage: number;
  line: number;
}

export interface Dockerfile {
  file: string;
  instructions: Instruction[];
  /** ARG defaults declared before the first FROM. */
  globalArgs: Record<string, string>;
  /** The stages, with the image each starts FROM (ARGs resolved) and its name. */
  stages: { from: string; name: string | undefined }[];
}

export function parseDockerfile(file: string): Dockerfile {
  const lines = readFileSync(file, 'utf8').split('\n');
  const instructions: Instruction[] = [];
  let stage = -1;
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i]!.trim();
    if (text === '' || text.startsWith('#')) continue;
    while (text.endsWith('\\') && i + 1 < lines.length) {
      text = text.slice(0, -1).trimEnd();
      // Comment lines inside a continued instruction are dropped, as Docker does.
      do i++;
      while (i < lines.length && lines[i]!.trim().startsWith('#'));
      text += ` ${lines[i]?.trim() ?? ''}`;
    }
    const [keyword, ...rest] = text.split(/\s+/);
    const upper = keyword!.toUpperCase();
    if (upper === 'FROM') stage++;
    instructions.push({ keyword: upper, args: rest.join(' '), stage, line: start + 1 });
  }
  const globalArgs = Object.fromEntries(
    instructions
      .filter((inst) => inst.keyword === 'ARG' && inst.stage === -1 && inst.args.includes('='))
      .map((inst) => [inst.args.split('=')[0]!, inst.args.slice(inst.args.indexOf('=') + 1)]),
  );
  const stages = instructions
    .filter((inst) => inst.keyword === 'FROM')
    .map((inst) => {
      const [image, as, name] = inst.args.split(/\s+/);
      const from = image!.replace(
        /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
        (_, arg: string) => globalArgs[arg] ?? `\${${arg}}`,
      );
      return { from, name: as?.toUpperCase() === 'AS' ? name : undefined };
    });
  return { file, instructions, globalArgs, stages };
}

/** The instructions of the last stage: what the image is made of at run time. */
export const finalStage = (dockerfile: Dockerfile): Instruction[] =>
  dockerfile.instructions.filter((inst) => inst.stage === dockerfile.stages.length - 1);
