/**
 * Every tool, and the commands of the CLI that are not tools with the reason: a test checks that
 * each command of the command table is one or the other, so a new command cannot be forgotten.
 */
import { generationTools } from './generation.js';
import { runTools } from './runs.js';
import { taskTools } from './tasks.js';
import { accountTools } from './account.js';
import { filmTools } from './films.js';
import type { McpContext } from '../context.js';
import type { ToolDef } from './tool.js';

export function toolTable(ctx: McpContext): ToolDef[] {
  return [...generationTools(ctx), ...taskTools(ctx), ...runTools(ctx), ...accountTools(ctx), ...filmTools(ctx)];
}

/** Commands that are no tool, and why. The model shortcuts are `generate` with a model. */
export const notTools: Readonly<Record<string, string>> = {
  batch: 'a file of jobs on this machine: agents call generate per job',
  story: 'a storyboard file and a film: agents call generate, extend and stitch',
  upload: 'local files are uploaded by the tool that takes them',
  prune: 'changes the journal: for the user',
  spend: 'a report for the user (the server holds its own budget)',
  providers: 'the server has its provider; `models` lists what it offers',
  router: 'account settings: for the user',
  auth: 'keys are never chosen by or shown to an agent',
  config: 'settings: for the user',
  state: "moves the journal between machines: for the user's CI",
  report: 'merges batch reports: for CI',
  completion: 'shell completion',
  sim: 'the simulator: for tests',
  mcp: 'this server',
  gallery: 'a page for people to look at: agents get the files and their data from the tools',
  doctor: 'a check of this machine for the user',
};
