/** One installation's settings, shared by this connector's tests: Zhejiang by province, Hangzhou by city, and faster services. */
export const SETTINGS = {
  printedName: "杭州同城快递 Hangzhou City Courier",
  waybillPrefix: "LC",
  sender: { name: "杭州仓", phone: "0571-88880000", province: "浙江省", city: "杭州市", district: "余杭区", detail: "仓前街道 1 号" },
  zones: [
    { name: "浙江省内", regions: ["浙江省"], firstWeightKg: 1, firstPrice: "8.00", additionalStepKg: 1, additionalPrice: "2.00", promisedDays: 2 },
    { name: "杭州同城", regions: ["浙江/杭州", "上海市/上海市"], firstWeightKg: 3, firstPrice: "6.00", additionalStepKg: 0.5, additionalPrice: "1.00", promisedDays: 1 },
  ],
  speeds: [
    { speed: "next_day", surcharge: "3.00", promisedDays: 1 },
    { speed: "same_day", surcharge: "12.50", promisedDays: 0 },
  ],
  volumetricDivisor: 6000,
  webhookSecret: "push-secret-for-tests",
};
