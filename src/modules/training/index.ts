export * from './attendance-ratio.ts';
export { listProjects, getProject } from './training.service.ts';
export { trainingRoutes } from './training.routes.ts';
