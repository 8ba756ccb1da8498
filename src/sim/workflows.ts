/**
 * Published workflows as the simulator serves them: a list, one workflow's graph, and running
 * one — a workflow invocation polled at /v1/workflow_invocations/{id}, whose output is a URL list
 * per node (here a video node and a poster image node). A run may override node inputs
 * (`nodeOutputs`); an unknown node is refused as the API does.
 */
import type { ServerResponse } from 'node:http';
import { isObject, sendJson } from './http-util.js';
import { viewAt, type SimTask } from './tasks.js';
import type { SimContext } from './context.js';
import { outputUrls } from './official.js';

interface SimWorkflow {
  id: string;
  name: string;
  version: number;
  /** The nodes whose outputs a run may override, and the node outputs it makes. */
  inputs: string[];
  outputs: { node: string; kind: 'video' | 'image' }[];
}

export const simWorkflows: readonly SimWorkflow[] = [
  {
    id: 'b3c1d2e4-0000-4000-8000-000000000001',
    name: 'Product teaser',
    version: 2,
    inputs: ['prompt-node', 'image-node'],
    outputs: [
      { node: 'video-node', kind: 'video' },
      { node: 'poster-node', kind: 'image' },
    ],
  },
];

const createdAt = '2026-11-02T10:00:00.000Z';

function retrieveJson(workflow: SimWorkflow): unknown {
  return {
    id: workflow.id,
    name: workflow.name,
    description: 'A prompt and an image in; a clip and a poster out.',
    createdAt,
    updatedAt: createdAt,
    version: workflow.version,
    graph: {
      version: 1,
      nodes: [...workflow.inputs, ...workflow.outputs.map((o) => o.node)].map((id) => ({ id })),
      edges: [],
    },
  };
}

function invocationJson(ctx: SimContext, task: SimTask): unknown {
  const view = viewAt(task, ctx.now());
  const workflow = simWorkflows.find((w) => w.id === task.model);
  const json: Record<string, unknown> = { id: task.id, createdAt: new Date(task.createdAt).toISOString(), status: view.state };
  if (view.state === 'RUNNING') Object.assign(json, { progress: view.progress, output: {} });
  if (view.state === 'SUCCEEDED') {
    const urls = outputUrls(ctx, task);
    json.output = Object.fromEntries((workflow?.outputs ?? []).map((o, i) => [o.node, [urls[i]]]));
  }
  if (view.state === 'FAILED') Object.assign(json, { failure: 'A node failed.', failureCode: 'INTERNAL' });
  return json;
}

/** The workflow routes; undefined when the path is not one of them. */
export function handleWorkflows(
  ctx: SimContext,
  method: string,
  path: string,
  body: unknown,
  res: ServerResponse,
): { created?: SimTask } | undefined {
  if (path === '/v1/workflows' && method === 'GET') {
    sendJson(res, 200, {
      data: simWorkflows.map((w) => ({ name: w.name, versions: [{ id: w.id, createdAt, version: w.version }] })),
    });
    return {};
  }
  const one = /^\/v1\/workflows\/([^/]+)$/.exec(path);
  if (one) {
    const workflow = simWorkflows.find((w) => w.id === decodeURIComponent(one[1] as string));
    if (!workflow) {
      sendJson(res, 404, { error: 'Workflow not found' });
      return {};
    }
    if (method === 'GET') {
      sendJson(res, 200, retrieveJson(workflow));
      return {};
    }
    if (method !== 'POST') return undefined;
    const overrides = isObject(body) && isObject(body.nodeOutputs) ? body.nodeOutputs : {};
    const unknown = Object.keys(overrides).find((node) => !workflow.inputs.includes(node));
    if (unknown !== undefined || (body !== undefined && body !== null && !isObject(body))) {
      sendJson(res, 400, { error: `Validation of body failed: nodeOutputs.${unknown ?? ''}: not an input node of this workflow` });
      return {};
    }
    const prompt = Object.values(overrides)
      .flatMap((outputs) => (isObject(outputs) ? Object.values(outputs) : []))
      .map((v) => (isObject(v) && typeof v.value === 'string' ? v.value : ''))
      .join(' ');
    const task = ctx.store.create({
      flavor: 'workflow',
      prompt,
      model: workflow.id,
      duration: 5,
      body,
      now: ctx.now(),
      outputKinds: workflow.outputs.map((o) => o.kind),
      outputCount: workflow.outputs.length,
    });
    sendJson(res, 200, { id: task.id });
    return { created: task };
  }
  const invocation = /^\/v1\/workflow_invocations\/([^/]+)$/.exec(path);
  if (invocation && method === 'GET') {
    const task = ctx.store.get(decodeURIComponent(invocation[1] as string));
    if (!task || task.flavor !== 'workflow') sendJson(res, 404, { error: 'Workflow invocation not found' });
    else sendJson(res, 200, invocationJson(ctx, task));
    return {};
  }
  return undefined;
}
