export * from './attendance-ratio.ts';
