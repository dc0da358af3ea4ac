// A parsing thread's entry (import-threads.ts): threads do not inherit the TypeScript loader, so it is registered here.
import { register } from 'tsx/esm/api';

register();
await import('./parse-thread.ts');
