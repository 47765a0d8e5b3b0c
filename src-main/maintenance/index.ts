// What the app does about itself rather than about the tenant: the About facts (licences of the
// bundled dependencies), the optional update check that only tells, and "Forget everything".
export { forgetAll, type ForgetAllDeps } from './forget-all';
export { readThirdPartyLicenses, THIRD_PARTY_LICENSES_FILE, type ThirdPartyLicense } from './licenses';
export {
  checkForUpdate,
  compareVersions,
  UPDATE_URL_VARIABLE,
  type UpdateCheckOptions,
  type UpdateCheckResult,
} from './update-check';
