/** `runway sim`: the simulator as a standalone server, until Ctrl-C. */
import { UsageError } from '../../core/errors.js';
import { parseFaults } from '../../sim/faults.js';
import { presetPaths, startSimulator } from '../../sim/index.js';
import { printJson, printLine } from '../render/output.js';
import type { HandlerContext } from '../handler.js';
import { presets } from '../../providers/presets.js';
import type { ProtocolId } from '../../providers/types.js';
import { say } from '../render/terminal.js';

/** A job each protocol accepts as printed (gen4_turbo needs an image; web-tasks have no gen4). */
const exampleJob: Record<ProtocolId, string> = {
  official: 'gen4 --image https://example.com/cat.png --prompt "a cat"',
  'web-tasks': 'gen3 --prompt "a cat"',
  'pro-feed': 'gen4 --prompt "a cat"',
};

/** A port that is taken or not ours to use is the user's to change, not a bug. */
function portProblem(error: unknown, options: Record<string, unknown>): UsageError | undefined {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code !== 'EADDRINUSE' && code !== 'EACCES') return undefined;
  const flag = port !== undefined && port === options.storagePort ? '--storage-port' : '--port';
  const why = code === 'EADDRINUSE' ? 'is already in use (another `runway sim`?)' : 'may not be used by this user';
  return new UsageError(`Port ${port ?? '?'} ${why}.`, { hint: `Choose another with ${flag}, or leave it out for any free port.` });
}

export async function run({ options }: HandlerContext): Promise<number> {
  const faults = options.faults as string | undefined;
  try {
    parseFaults(faults);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const sim = await startSimulator({
    port: options.port as number | undefined,
    storagePort: options.storagePort as number | undefined,
    runSeconds: options.runSeconds as number | undefined,
    queueSeconds: options.queueSeconds as number | undefined,
    timeScale: options.timeScale as number | undefined,
    artifactBytes: options.artifactSize as number | undefined,
    faults,
    keys: options.key as string[] | undefined,
    feedShape: options.feedShape as 'digits' | 'wrapper' | undefined,
    notFoundPolls: options.notFoundPolls as number | undefined,
    credits: options.credits as number | undefined,
  }).catch((error: unknown) => {
    throw portProblem(error, options) ?? error;
  });
  const urls = Object.fromEntries(
    Object.keys(presetPaths)
      .filter((p) => p !== 'sim')
      .map((p) => [p, sim.urlFor(p)]),
  );
  if (options.json) printJson({ api: sim.apiUrl, storage: sim.storageUrl, providers: urls });
  else {
    printLine(`simulator API   ${sim.apiUrl}   (stats: ${sim.apiUrl}/__sim/stats)`);
    printLine(`storage origin  ${sim.storageUrl}`);
    printLine('');
    printLine('Point a provider at it, e.g.');
    for (const [preset, url] of Object.entries(urls)) {
      const name = preset.startsWith('cometapi') ? 'cometapi' : preset === 'wrapped-official' ? 'openai-hk' : preset;
      const job = exampleJob[presets.find((p) => p.name === name)?.protocol ?? 'official'];
      printLine(`  runway ${job} --provider ${name} --base-url ${url} --api-key any   # ${preset}`);
    }
    say('runway: simulator running; Ctrl-C stops it.');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}
