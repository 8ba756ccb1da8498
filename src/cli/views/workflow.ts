/** Published workflows: a table of them and their versions, one workflow's nodes, or JSON. */
import { printJson, printLine } from '../render/output.js';
import { formatTable } from '../render/table.js';
import type { WorkflowOutcome } from '../../core/run/workflow.js';

export function renderWorkflows(outcome: WorkflowOutcome, json: boolean): number {
  if (json) {
    printJson(outcome.kind === 'list' ? outcome.workflows : outcome.workflow);
    return 0;
  }
  if (outcome.kind === 'list') {
    const rows = outcome.workflows.flatMap((w) => w.versions.map((v) => [w.name, String(v.version), v.id, v.createdAt.slice(0, 10)]));
    for (const line of formatTable(['WORKFLOW', 'VERSION', 'ID (runway workflow run <id>)', 'PUBLISHED'], rows)) printLine(line);
    return 0;
  }
  const { workflow } = outcome;
  printLine(`workflow:    ${workflow.name} (${workflow.id}, version ${workflow.version})`);
  if (workflow.description) printLine(`description: ${workflow.description}`);
  printLine(`nodes:       ${workflow.nodes.join(', ') || '-'} (set an input with --node <node>.<output>=<value>)`);
  return 0;
}
