/** Accounts: users, password sign-in and its throttle, profiles. Other domains import from this file only. */
export {
  LOGIN_MAX_FAILURES,
  changePassword,
  findSessionUser,
  signUp,
  updateProfile,
  verifyCredentials,
} from "./accounts";
export type { PublicUser } from "./accounts";
