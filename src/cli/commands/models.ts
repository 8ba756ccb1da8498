/** `runway models [--provider p] [--json]`: every model a provider serves, from its catalog. */
import { ConfigStore } from '../../core/session/config.js';
import { stateDirs } from '../../core/paths.js';
import { modelTable } from '../../core/models/model-list.js';
import { PriceBook } from '../../core/cost/price-book.js';
import { renderModels } from '../views/registry.js';
import type { HandlerContext } from '../handler.js';

export async function run({ options }: HandlerContext<{ provider?: string; json?: boolean }>): Promise<number> {
  return renderModels(
    modelTable(new ConfigStore(stateDirs().config), PriceBook.at(stateDirs().state), options.provider),
    options.json === true,
  );
}
