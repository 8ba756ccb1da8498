/** Task ids as providers issue them (UUIDs, task_…); anything else is a typo or a path, refused before a request. */
import { UsageError } from '../errors.js';

const taskIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

export function checkTaskId(taskId: string): string {
  if (!taskIdPattern.test(taskId)) {
    throw new UsageError(`"${taskId}" is not a task id (expected letters, digits and - _ . :).`, {
      hint: '`runway list` shows the ids of the tasks this machine created.',
    });
  }
  return taskId;
}

/** A task id without the kind it is prefixed with (`invocation:` for a workflow's): what its first 8 characters name. */
export function bareTaskId(taskId: string): string {
  return taskId.replace(/^invocation:/, '');
}
