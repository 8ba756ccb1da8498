/**
 * What a generation command asks for, typed once at the command line's boundary (cli/parse) or
 * by another front end (the MCP server): from here on nothing reads a flag.
 */
import type { GenerationRequest } from '../../providers/validate.js';
import type { ToolCommand } from '../../providers/official/tools.js';
import type { Budget } from '../cost/budget.js';
import type { Placement } from '../session/defaults.js';

export interface GenerationAsk {
  /** The model or shortcut; undefined for an endpoint command's default model. */
  model?: string | undefined;
  /** The official endpoint command (upscale, image…) this generation is. */
  tool?: ToolCommand | undefined;
  request: GenerationRequest;
  /** False: create and return the task id (--no-wait). */
  wait: boolean;
  /** Steps after the generation (`--then upscale:4k`). */
  then: readonly string[];
  onlyFinal: boolean;
  writeInfoJson: boolean;
  budget: Budget;
  place: Placement;
  /** The command as typed, without `runway`: journaled so a job can be reproduced. */
  command: string[];
  /** The key a front end recognises this job by when it is asked again (an agent's idempotency key): journaled with it. */
  identity?: string | undefined;
}
