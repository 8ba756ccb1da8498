/**
 * What a run of a task endpoint asks for (`runway run`, sound, speak, dub…), typed once at the
 * command line's boundary or by another front end: the endpoint, and the fields as given.
 */
import type { Assignment } from '../../providers/official/run/assign.js';
import type { GenerationAsk } from '../generation/ask.js';

export interface RunAsk extends Pick<GenerationAsk, 'wait' | 'budget' | 'place' | 'command' | 'writeInfoJson' | 'identity'> {
  /** The API path without /v1/: sound_effect, recipes/multi_shot_video, generate/video. */
  endpoint: string;
  /** --model, for an endpoint keyed by model. */
  model?: string | undefined;
  /** A whole body to start from (--input file.json), its fields taken as they are. */
  input?: Record<string, unknown> | undefined;
  /** Fields set one by one, in order (the command's argument and flags, then --param). */
  assignments: Assignment[];
  /** Values a friendly command fills in when not given (a recipe's newest dated version). */
  defaults?: Record<string, unknown> | undefined;
}
