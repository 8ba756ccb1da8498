/**
 * `runway --help` and `--version` must not load undici, zod or conf. The import tracer
 * (test/helpers/trace-imports.mjs) prints every module URL the process resolves.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const tracer = fileURLToPath(new URL('../helpers/trace-imports.mjs', import.meta.url));
const heavy = /\/node_modules\/(undici|zod|conf|ajv|ora|cli-progress)\//;

async function importsOf(args: string[]): Promise<{ code: number | null; imports: string[]; stdout: string }> {
  const state = tempDir();
  try {
    const r = await runCli(args, { nodeArgs: ['--import', tracer], env: { RUNWAY_CONFIG_DIR: state.path } });
    const imports = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('IMPORT '))
      .map((l) => l.slice(7));
    return { code: r.code, imports, stdout: r.stdout };
  } finally {
    state.cleanup();
  }
}

describe('start-up stays light', () => {
  it.each([['--help'], ['gen4', '--help'], ['generate', '--help'], ['--version']])(
    '%s loads none of undici, zod, conf, ora, cli-progress',
    async (...args) => {
      const { code, imports, stdout } = await importsOf(args);
      expect(code).toBe(0);
      expect(stdout.length).toBeGreaterThan(0);
      // --version answers before even commander is loaded
      expect(imports.some((u) => u.includes('/node_modules/commander/'))).toBe(args[0] !== '--version');
      expect(imports.filter((u) => heavy.test(u))).toEqual([]);
    },
  );

  it('the tracer does see them when a command needs them (control)', async () => {
    const providers = await importsOf(['providers', '--json']);
    expect(providers.code).toBe(0);
    expect(providers.imports.some((u) => u.includes('/node_modules/zod/'))).toBe(true);
    const set = await importsOf(['config', 'set', 'out-dir', '/tmp']);
    expect(set.code).toBe(0);
    expect(set.imports.some((u) => u.includes('/node_modules/conf/'))).toBe(true);
  });

  it('reading settings and keys does not load conf (it is only needed to write)', async () => {
    const { code, imports } = await importsOf(['providers', '--json']);
    expect(code).toBe(0);
    expect(imports.filter((u) => /\/node_modules\/(conf|ajv)\//.test(u))).toEqual([]);
  });
});
