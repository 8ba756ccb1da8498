/** A running simulator's base URLs, each with a command its provider accepts as printed. */
import { presets } from '../../providers/presets.js';
import { printJson, printLine } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { ProtocolId } from '../../providers/types.js';

/** A job each protocol accepts as printed (gen4_turbo needs an image; web-tasks have no gen4). */
const exampleJob: Record<ProtocolId, string> = {
  official: 'gen4 --image https://example.com/cat.png --prompt "a cat"',
  'web-tasks': 'gen3 --prompt "a cat"',
  'pro-feed': 'gen4 --prompt "a cat"',
};

export function renderSim(sim: { api: string; storage: string; providers: Record<string, string> }, json: boolean): void {
  if (json) return printJson(sim);
  printLine(`simulator API   ${sim.api}   (stats: ${sim.api}/__sim/stats)`);
  printLine(`storage origin  ${sim.storage}`);
  printLine('');
  printLine('Point a provider at it, e.g.');
  for (const [preset, url] of Object.entries(sim.providers)) {
    const name = preset.startsWith('cometapi') ? 'cometapi' : preset === 'wrapped-official' ? 'openai-hk' : preset;
    const job = exampleJob[presets.find((p) => p.name === name)?.protocol ?? 'official'];
    printLine(`  runway ${job} --provider ${name} --base-url ${url} --api-key any   # ${preset}`);
  }
  say('runway: simulator running; Ctrl-C stops it.');
}
