/** `runway providers`: the registry as a table (or JSON). */
import { ConfigStore } from '../../core/session/config.js';
import { stateDirs } from '../../core/paths.js';
import { providerTable } from '../../core/session/provider-table.js';
import { renderProviders } from '../views/registry.js';
import type { HandlerContext } from '../handler.js';

export async function run({ options }: HandlerContext<{ json?: boolean }>): Promise<number> {
  return renderProviders(providerTable(new ConfigStore(stateDirs().config).userProviders()), options.json === true);
}
