/**
 * The fields of an endpoint command (upscale, frame-rate, hdr, act-two, image): the inputs and
 * protocol fields the models of its endpoint take, read from the catalog. The command line's flags
 * and the MCP server's tool arguments are both derived from this.
 */
import { extraFields, inputFields, type ExtraName, type InputName } from '../fields/generation.js';
import { officialToolModels } from './models.js';
import type { ModelSpec } from '../types.js';
import type { ToolCommand } from './tools.js';

export interface ToolFields {
  models: readonly ModelSpec[];
  /** The inputs it takes beyond the video it works on. */
  inputs: InputName[];
  extras: ExtraName[];
}

export function toolFields(tool: ToolCommand): ToolFields {
  const models = officialToolModels.filter((m) => m.endpoint === tool.endpoint);
  const takes = (test: (m: ModelSpec) => boolean) => models.some(test);
  const inputs: InputName[] = [];
  if (takes((m) => m.text)) inputs.push('prompt', 'promptFile');
  if (takes((m) => m.character === true)) inputs.push('character');
  if (takes((m) => m.references?.image === true)) inputs.push('reference');
  if (takes((m) => m.ratios.length > 0)) inputs.push('ratio');
  if (takes((m) => m.seed)) inputs.push('seed');
  const taken = new Set(models.flatMap((m) => m.extras ?? []));
  const extras = (Object.keys(extraFields) as ExtraName[]).filter((name) => taken.has(name) || name === 'param');
  return { models, inputs: inputs.filter((name) => name in inputFields), extras };
}
