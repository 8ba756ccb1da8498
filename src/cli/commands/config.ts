/** `runway config get|set|unset|list|path`. Stored keys are never shown here (see `auth status`). */
import { ConfigStore } from '../../core/session/config.js';
import { configCommand } from '../../core/session/config-command.js';
import { stateDirs } from '../../core/paths.js';
import { renderConfig } from '../views/config.js';
import type { HandlerContext } from '../handler.js';

export async function run({ args, options, preset }: HandlerContext<{ json?: boolean }>): Promise<number> {
  const [key = '', value = ''] = args;
  const outcome = await configCommand(new ConfigStore(stateDirs().config), String(preset.action), key, value);
  return renderConfig(outcome, options.json === true);
}
