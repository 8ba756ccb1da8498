/** `runway status`: one query of a task, as data (its JSON is the stable `status --json`). */
import { fetchTask } from './task-api.js';
import type { Session } from '../session/session.js';

export interface TaskStatus {
  taskId: string;
  provider: string;
  status: string;
  providerStatus: string;
  progress: number | null;
  startsInSeconds: number | null;
  outputs: { url: string; bytes: number | null }[];
  failure: { message: string; code?: string | undefined; moderation: boolean } | null;
  createdAt: string | null;
  cost: { credits: number; final: boolean } | null;
}

export async function taskStatus(session: Session, taskId: string): Promise<TaskStatus> {
  const task = await fetchTask(session, taskId);
  return {
    taskId: task.id,
    provider: session.name,
    status: task.state,
    providerStatus: task.rawStatus,
    progress: task.progress ?? null,
    startsInSeconds: task.startsInSeconds ?? null,
    outputs: task.outputs.map((o) => ({ url: o.url, bytes: o.bytes ?? null })),
    failure: task.failure ?? null,
    createdAt: task.createdAt ?? null,
    cost: task.credits ? { credits: task.credits.amount, final: task.credits.final } : null,
  };
}
