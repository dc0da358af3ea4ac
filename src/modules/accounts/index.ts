export {
  actorOfUser,
  createUser,
  createAccount,
  login,
  logout,
  resolveSession,
  listUsers,
  staffOf,
  personHasAccount,
  costOfPasswordHash,
  usernameExists,
  removeAccountOfPerson,
  type NewUser,
  type AccountRequest,
} from './accounts.service.ts';
export { assertAcceptablePassword } from './password-policy.ts';
export {
  sendRegistrationCode,
  claimRegistration,
  useRegistrationCode,
  PHONE,
  CODE_MINUTES,
  CODE_TRIES,
  REGISTRATION_LIMITS,
} from './one-time-codes.ts';
