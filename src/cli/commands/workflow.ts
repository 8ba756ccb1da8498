/** `runway workflow list|show <id>|run <id>`: published workflows (official API). */
import { UsageError } from '../../core/errors.js';
import { workflowCommand, workflowRunCommand, type NodeInput } from '../../core/run/workflow.js';
import { parseBase } from '../parse/session.js';
import { withSession } from '../session/with-session.js';
import { renderWorkflows } from '../views/workflow.js';
import { renderGeneration } from '../views/generation.js';
import type { HandlerContext } from '../handler.js';
import type { RunFlags } from '../options/flags.js';

interface WorkflowFlags extends RunFlags {
  node?: string[];
}

function nodeInput(item: string): NodeInput {
  const m = /^([^.=\s]+)\.([^=\s]+)=([\s\S]*)$/.exec(item);
  if (!m) throw new UsageError(`--node "${item}" is not <node>.<output>=<value> (\`runway workflow show <id>\` lists the nodes).`);
  return { node: m[1] as string, output: m[2] as string, text: m[3] as string };
}

export async function run({ args, options, preset, argv }: HandlerContext<WorkflowFlags>): Promise<number> {
  const base = parseBase(options);
  if (preset.action !== 'run') {
    const ask = preset.action === 'show' ? { action: 'show' as const, id: args[0] as string } : { action: 'list' as const };
    return renderWorkflows(await withSession(base, ({ session }) => workflowCommand(session, ask)), base.mode.json);
  }
  const ask = {
    workflow: args[0] as string,
    nodes: (options.node ?? []).map(nodeInput),
    wait: options.wait !== false,
    budget: { dryRun: options.dryRun === true, maxCredits: options.maxCredits },
    place: { out: options.out, template: options.output },
    writeInfoJson: options.writeInfoJson === true,
    command: argv.slice(2),
  };
  const outcome = await withSession(base, ({ session }) => workflowRunCommand(session, ask));
  return renderGeneration(outcome, base.mode);
}
