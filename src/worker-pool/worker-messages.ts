/**
 * What a worker process tells the pool besides a task's result. On their own, so that the service's
 * process need not load the tasks to know them.
 */

/** Sent as a task starts, with the process's id, so that the task's limit counts the work that process does from then on. */
export interface TaskStarted {
  taskStarted: true;
  pid: number;
}

/** Sent as an error thrown outside any task ends the process, so that its task is refused as failed and not as out of memory. */
export interface WorkerFault {
  workerFault: string;
}

export function isTaskStarted(message: unknown): message is TaskStarted {
  return typeof message === 'object' && message !== null && (message as Partial<TaskStarted>).taskStarted === true;
}

export function isWorkerFault(message: unknown): message is WorkerFault {
  return typeof message === 'object' && message !== null && typeof (message as Partial<WorkerFault>).workerFault === 'string';
}
