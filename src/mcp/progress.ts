/**
 * A call's progress as MCP progress notifications, where the client sent a progress token: a task
 * queued, running (its percent), downloading, saved — one rising number from 0 to 100 with a
 * message that is data (server texts are never interpreted).
 */
import type { CoreEvent, EventSink } from '../core/events.js';

export interface ProgressChannel {
  send(progress: number, total: number, message: string): void;
}

export class ProgressReporter {
  private last = 0;

  constructor(private readonly channel: ProgressChannel | undefined) {}

  private tell(progress: number, message: string): void {
    // Progress only ever rises, as the protocol asks: several tasks in one call report their furthest.
    const value = Math.max(this.last, Math.min(100, Math.round(progress * 10) / 10));
    this.last = value;
    this.channel?.send(value, 100, message);
  }

  readonly sink: EventSink = (event: CoreEvent) => {
    switch (event.type) {
      case 'created':
        return this.tell(1, `task ${event.taskId} created`);
      case 'status': {
        const { task } = event;
        const running = task.progress !== undefined ? ` ${Math.round(task.progress * 100)}%` : '';
        return this.tell(2 + (task.progress ?? 0) * 88, `task ${task.id} ${task.state}${running}`);
      }
      case 'download-start':
        return this.tell(90, `downloading output ${event.index + 1} of ${event.count}`);
      case 'download-progress':
        return this.tell(90 + (event.total ? (event.bytes / event.total) * 9 : 0), `downloading output ${event.index + 1}`);
      case 'download-done':
        return this.tell(99, `saved output ${event.index + 1}`);
      default:
        return undefined;
    }
  };
}
