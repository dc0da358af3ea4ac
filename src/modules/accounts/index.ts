export {
  actorOfUser,
  createUser,
  createAccount,
  login,
  logout,
  resolveSession,
  listUsers,
  staffOf,
  type NewUser,
  type AccountRequest,
} from './accounts.service.ts';
export { assertAcceptablePassword } from './password-policy.ts';
