/** What a worker process sends the pool as it starts a task: on its own, so that the service's process need not load the tasks to know it. */
export const TASK_STARTED = 'task started';
