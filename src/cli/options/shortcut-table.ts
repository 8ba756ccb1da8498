/**
 * The model shortcut commands, derived from the model tables: the official API's catalog first,
 * then the gateways' Gen-2/Gen-3, then the models the official API removed (which then say so).
 * `npm run catalog` writes them to shortcuts.json, which `--help` reads instead of the tables.
 */
import { currentOfficialModels, removedOfficialModels } from '../../providers/official/models.js';
import { webTaskModels } from '../../providers/web-tasks/models.js';
import type { ModelSpec } from '../../providers/types.js';

export function shortcutTable(official: readonly ModelSpec[] = currentOfficialModels): [string, string][] {
  const seen = new Map<string, string>();
  const what = (m: ModelSpec) =>
    [m.text && 'text', m.image && 'image', m.lastFrame && 'first+last', m.video && 'video'].filter(Boolean).join(', ');
  for (const m of official) for (const s of m.shortcuts) seen.set(s, `generate with ${m.id} (${what(m)}; official API)`);
  for (const m of webTaskModels)
    for (const s of m.shortcuts) if (!seen.has(s)) seen.set(s, `generate with ${m.label} (web-tasks providers, cometapi)`);
  for (const m of removedOfficialModels)
    for (const s of m.shortcuts) if (!seen.has(s)) seen.set(s, `generate with ${m.label} (gateways; removed from the official API)`);
  return [...seen];
}

/** For a model id typed as a command (`runway gen4_turbo`): how to run it instead. */
export function modelCommandHint(word: string): string | undefined {
  const model = [...currentOfficialModels, ...webTaskModels, ...removedOfficialModels].find((m) => m.id === word || m.wire === word);
  if (!model) return undefined;
  const table = shortcutTable();
  const shortcut = model.shortcuts.find((s) => table.some(([name]) => name === s));
  return (
    `"${word}" is a model id, not a command: run \`runway generate --model ${model.id} ` +
    `…\`${shortcut ? ` or its shortcut \`runway ${shortcut} …\`` : ''}.`
  );
}
