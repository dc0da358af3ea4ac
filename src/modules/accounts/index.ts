export {
  actorOfUser,
  createUser,
  createAccount,
  login,
  logout,
  resolveSession,
  noteSessionWrite,
  sessionWroteLsn,
  listUsers,
  staffOf,
  holderOfficersOf,
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
  claimRegistrationOfId,
  useRegistrationCode,
  PHONE,
  CODE_MINUTES,
  CODE_TRIES,
  REGISTRATION_LIMITS,
} from './one-time-codes.ts';
export {
  listRegistrationsUnderReview,
  countRegistrationsUnderReview,
  accountUnderReview,
  clearRegistrationReview,
  REVIEW_REASONS,
  type ReviewReason,
  type RegistrationUnderReview,
} from './registration-review.ts';
