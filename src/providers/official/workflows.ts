/**
 * Published workflows (official API): listing them, reading one, running one. A run answers a
 * workflow invocation, polled at /v1/workflow_invocations/{id} and finished like a task; its id
 * carries the `invocation:` prefix everywhere the CLI shows or journals it, so `runway watch`,
 * `status` and `list` know where to ask. Its output is a URL list per node.
 */
import { z } from 'zod';
import { parseWith } from '../common.js';
import type { ModelSpec, RequestSpec } from '../types.js';
import { taskModel } from './run/endpoints.js';

export const invocationPrefix = 'invocation:';

export const isInvocation = (taskId: string): boolean => taskId.startsWith(invocationPrefix);
export const invocationId = (taskId: string): string => taskId.slice(invocationPrefix.length);

export interface WorkflowSummary {
  name: string;
  versions: { id: string; version: number; createdAt: string }[];
}

export interface WorkflowDetail {
  id: string;
  name: string;
  description: string | null;
  version: number;
  /** The nodes of its graph, by id: what `--node <node>.<output>=…` may set. */
  nodes: string[];
}

const listAnswer = z.looseObject({
  data: z.array(
    z.looseObject({
      name: z.string(),
      versions: z.array(z.looseObject({ id: z.string(), version: z.number(), createdAt: z.string() })),
    }),
  ),
});

const detailAnswer = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  version: z.number(),
  graph: z.looseObject({ nodes: z.array(z.unknown()) }),
});

const nodeId = (node: unknown) =>
  typeof node === 'object' && node !== null && typeof (node as { id?: unknown }).id === 'string' ? (node as { id: string }).id : undefined;

export const workflowRequests = {
  list: (): RequestSpec => ({ method: 'GET', path: '/v1/workflows' }),
  show: (id: string): RequestSpec => ({ method: 'GET', path: `/v1/workflows/${encodeURIComponent(id)}` }),
  parseList: (data: unknown): WorkflowSummary[] => parseWith(listAnswer, data, 'workflow list').data,
  parseOne: (data: unknown): WorkflowDetail => {
    const answer = parseWith(detailAnswer, data, 'workflow');
    const nodes = answer.graph.nodes.map(nodeId).filter((id): id is string => id !== undefined);
    return { id: answer.id, name: answer.name, description: answer.description ?? null, version: answer.version, nodes };
  },
};

/** A value set on a node's output: a primitive, or an asset by URI. */
export type NodeValue = { type: 'primitive'; value: string | number | boolean } | { type: 'image' | 'video' | 'audio'; uri: string };

/** The body of a run: each node's overridden outputs. */
export function workflowBody(values: readonly { node: string; output: string; value: NodeValue }[]): Record<string, unknown> {
  const nodeOutputs: Record<string, Record<string, NodeValue>> = {};
  for (const { node, output, value } of values) (nodeOutputs[node] ??= {})[output] = value;
  return values.length > 0 ? { nodeOutputs } : {};
}

/** A run of a published workflow, as the model of its job. */
export function workflowModel(id: string): ModelSpec {
  return taskModel('workflow', id, `workflow ${id}`, { endpoint: 'workflows', path: `/v1/workflows/${encodeURIComponent(id)}` });
}

const invocationAnswer = z.looseObject({
  id: z.string(),
  status: z.string(),
  createdAt: z.string().nullish(),
  progress: z.number().nullish(),
  output: z.record(z.string(), z.array(z.string())).nullish(),
  failure: z.string().nullish(),
  failureCode: z.string().nullish(),
  nodeErrors: z.record(z.string(), z.looseObject({ message: z.string(), nodeName: z.string().nullish() })).nullish(),
});
export type InvocationAnswer = z.infer<typeof invocationAnswer>;

export function parseInvocation(data: unknown): InvocationAnswer {
  return parseWith(invocationAnswer, data, 'workflow invocation');
}
