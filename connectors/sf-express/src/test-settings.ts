/** One installation's settings, shared by this connector's tests (point `baseUrl` at the far side). */
export const SETTINGS = {
  baseUrl: "http://127.0.0.1:9",
  monthlyCard: "7551234567",
  sender: { name: "杭州仓", phone: "0571-88880000", province: "浙江省", city: "杭州市", district: "余杭区", detail: "仓前街道 1 号" },
  partnerId: "OF_TEST",
  checkword: "checkword-for-tests",
};
