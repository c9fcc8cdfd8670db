/**
 * The auth module's use cases, one file per group in service/: sign-in (signin.ts), sessions and API
 * tokens (sessions.ts), accounts (users.ts), passwords (passwords.ts), the TOTP factor (totp.ts).
 * Other modules import them from here.
 */
export { changeOwnPassword, hashPassword } from './service/passwords.ts';
export {
  createApiToken,
  logout,
  requireRecentAuth,
  resolveApiToken,
  resolveSession,
  type SessionResult,
} from './service/sessions.ts';
export { completeTotpLogin, login, reauthenticate, startLinkedSession } from './service/signin.ts';
export { confirmTotp, disableTotp, sealAuthSecrets, startTotpEnrolment } from './service/totp.ts';
export {
  anyUser,
  createUser,
  existingUsernames,
  getUser,
  listUsers,
  ownAccount,
  updateUser,
  userDisplayNames,
  userEmails,
  usersWithRole,
  type CreateUserOptions,
  type User,
  type UserInput,
} from './service/users.ts';
