export * from './action.machine.js';
export * from './action-plan.machine.js';
export * from './improvement-area.machine.js';
export * from './workflow.js';
