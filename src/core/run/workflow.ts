/**
 * `runway workflow list|show|run`: published workflows (official API). A run is planned like any
 * run — node inputs typed, local files checked and then uploaded, the body previewed by --dry-run —
 * and its invocation finished like a task: journaled, polled, every node's output saved.
 */
import { UsageError } from '../errors.js';
import { callProvider } from '../session/provider-call.js';
import { classifyMedia } from '../../providers/media-ref.js';
import {
  workflowBody,
  workflowModel,
  workflowRequests,
  type NodeValue,
  type WorkflowDetail,
  type WorkflowSummary,
} from '../../providers/official/workflows.js';
import { inspectFiles, invalidRequest, type GenerationPlan } from '../generation/plan.js';
import { kindOfUrl } from '../inputs/input-kind.js';
import { taskRefOf } from '../inputs/task-input.js';
import { checkTaskInputs } from '../inputs/input-kind.js';
import { carryOut } from '../generation/command.js';
import { guessMedia } from './guess-media.js';
import type { RunGuards } from './plan.js';
import type { MediaGuess } from '../../providers/official/run/assign.js';
import type { RunRequest } from '../../providers/validate.js';
import type { Session } from '../session/session.js';
import type { GenerationOutcome } from '../generation/outcome.js';
import type { RunAsk } from './ask.js';

export type WorkflowOutcome = { kind: 'list'; workflows: WorkflowSummary[] } | { kind: 'one'; workflow: WorkflowDetail };

export type WorkflowAsk = { action: 'list' } | { action: 'show'; id: string };

function officialOnly(session: Session): void {
  if (!session.provider.preset.features.officialCatalog)
    throw new UsageError(`${session.name} has no workflows: \`runway workflow\` works on the official API.`);
}

export async function workflowCommand(session: Session, ask: WorkflowAsk): Promise<WorkflowOutcome> {
  officialOnly(session);
  if (ask.action === 'list')
    return {
      kind: 'list',
      workflows: await callProvider(session, workflowRequests.list(), {
        kind: 'idempotent',
        purpose: 'list workflows',
        parse: workflowRequests.parseList,
      }),
    };
  return {
    kind: 'one',
    workflow: await callProvider(session, workflowRequests.show(ask.id), {
      kind: 'idempotent',
      purpose: 'read workflow',
      parse: workflowRequests.parseOne,
    }),
  };
}

/** `--node <node>.<output>=<value>` of a run: the value as typed. */
export interface NodeInput {
  node: string;
  output: string;
  text: string;
}

export interface WorkflowRunAsk extends Omit<RunAsk, 'endpoint' | 'model' | 'input' | 'assignments' | 'defaults'> {
  workflow: string;
  nodes: NodeInput[];
}

/**
 * A node value: a file or a media URL is an asset of its kind (`video:` before it says which where
 * nothing tells, as for `video:task:<id>`), anything else a primitive (a number, true/false, text).
 */
function nodeValue(text: string, guess: (value: string) => MediaGuess): NodeValue {
  const typed = /^(image|video|audio):(?!\/\/)([\s\S]+)$/.exec(text);
  if (typed) return { type: typed[1] as 'image' | 'video' | 'audio', uri: typed[2] as string };
  const guessed = guess(text);
  const named = /\.(png|jpe?g|webp)$/i.test(text)
    ? 'image'
    : /\.(mp4|mov|webm)$/i.test(text)
      ? 'video'
      : /\.(wav|mp3|m4a|ogg)$/i.test(text)
        ? 'audio'
        : undefined;
  const kind = guessed === 'remote' ? (kindOfUrl(text) ?? named) : guessed;
  if (kind !== undefined) return { type: kind, uri: text };
  if (guessed === 'remote' && classifyMedia(text).kind === 'task')
    throw new UsageError(`"${text}": say what the task made, e.g. video:${text} (a workflow input is an image, a video or audio).`);
  if (/^-?\d+(\.\d+)?$/.test(text.trim())) return { type: 'primitive', value: Number(text) };
  if (text === 'true' || text === 'false') return { type: 'primitive', value: text === 'true' };
  return { type: 'primitive', value: text };
}

/** The workflow's nodes, read before a run is paid for (not for a dry run, which sends nothing): an unknown node is refused here. */
async function checkNodes(session: Session, ask: WorkflowRunAsk): Promise<void> {
  if (ask.budget.dryRun) return;
  const { workflow } = (await workflowCommand(session, { action: 'show', id: ask.workflow })) as { workflow: WorkflowDetail };
  const unknown = ask.nodes.filter((n) => !workflow.nodes.includes(n.node));
  if (unknown.length > 0)
    throw new UsageError(
      `${unknown.map((n) => `--node ${n.node}.${n.output}`).join(', ')}: no such node in workflow ${workflow.name} (nodes: ${workflow.nodes.join(', ')}). Nothing was run.`,
    );
}

/** `guards`: a front end's vetting of what is read (run/plan.ts). */
export async function workflowRunCommand(session: Session, ask: WorkflowRunAsk, guards: RunGuards = {}): Promise<GenerationOutcome> {
  officialOnly(session);
  await checkNodes(session, ask);
  const values = ask.nodes.map(({ node, output, text }) => ({ node, output, value: nodeValue(text, guards.guess ?? guessMedia) }));
  const body = workflowBody(values);
  const media: RunRequest['media'] = [];
  const problems: string[] = [];
  for (const { node, output, value } of values) {
    if (value.type === 'primitive') continue;
    const flag = `--node ${node}.${output}`;
    const given = classifyMedia(value.uri);
    const ref = taskRefOf(session, guards.recognize ? guards.recognize(given, flag) : given);
    if (ref.kind === 'invalid') problems.push(`${flag} "${ref.text}" is not usable: ${ref.reason}.`);
    else if (ref.kind === 'insecure-url') problems.push(`${flag} must be an https:// URL, a local file or a data URI (got ${ref.url}).`);
    else media.push({ path: ['nodeOutputs', node, output, 'uri'], ref, kind: value.type, flag });
  }
  if (problems.length > 0) throw invalidRequest(problems);
  const request = {
    prompt: values.map((v) => (v.value.type === 'primitive' ? String(v.value.value) : '')).find(Boolean),
    extras: {},
    run: { endpoint: 'workflows', body, media },
  };
  const warnings: string[] = [];
  const plan: GenerationPlan = {
    provider: session.provider,
    model: workflowModel(ask.workflow),
    request,
    files: await inspectFiles(session.provider, request, warnings),
    warnings,
  };
  await checkTaskInputs(session, plan, !ask.budget.dryRun);
  return carryOut(session, plan, ask);
}
