export { createUser, login, logout, resolveSession, listUsers, type NewUser } from './accounts.service.ts';
export { accountRoutes } from './accounts.routes.ts';
