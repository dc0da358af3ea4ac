// An attendance parsing thread's entry (interchange/import-threads.ts): threads do not inherit the TypeScript loader, so it is registered here.
import { register } from 'tsx/esm/api';

register();
await import('./attendance-thread.ts');
