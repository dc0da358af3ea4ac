export {
  actorOfUser,
  createUser,
  createAccount,
  login,
  logout,
  resolveSession,
  listUsers,
  type NewUser,
  type AccountRequest,
} from './accounts.service.ts';
export { assertAcceptablePassword } from './password-policy.ts';
