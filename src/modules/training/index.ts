export * from './attendance-ratio.ts';
export { listProjects, getProject } from './training.service.ts';
export { trainingRoutes } from './training.routes.ts';
export { registerDevice, authenticateDevice, ingestAttendance, type Device, type IngestResult } from './attendance-ingest.ts';
export { liveSession } from './live-session.ts';
