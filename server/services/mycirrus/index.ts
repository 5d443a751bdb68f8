/** MyCirrus connection: each organisation's sealed key and base URL, and `withMyCirrus`, the only way services reach its API. Other domains import from this file only. */
export {
  allowedBaseUrls,
  changeBaseUrl,
  getConnection,
  recheckConnection,
  removeApiKey,
  saveApiKey,
  withMyCirrus,
} from "./connection";
