/** Settings on the terminal: a value, what was set, or all of them. */
import { printJson, printLine } from '../render/output.js';
import { say } from '../render/terminal.js';
import type { ConfigOutcome } from '../../core/session/config-command.js';

function show(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

export function renderConfig(outcome: ConfigOutcome, json: boolean): number {
  switch (outcome.kind) {
    case 'path':
      printLine(outcome.path);
      break;
    case 'value':
      if (outcome.value === undefined) say(`runway: ${outcome.key} is not set`);
      else printLine(show(outcome.value));
      break;
    case 'set':
      if (outcome.incomplete) say(`runway: provider "${outcome.incomplete}" needs both protocol and base-url before it can be used.`);
      say(`runway: ${outcome.key} = ${show(outcome.value)}`);
      break;
    case 'unset':
      break;
    case 'list':
      if (json) printJson(outcome.settings);
      else for (const [name, value] of Object.entries(outcome.settings)) printLine(`${name} = ${show(value)}`);
  }
  return 0;
}
