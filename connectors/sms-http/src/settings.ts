import { Auth, hmacSha256Base64, hmacSha256Hex, messageLanguageProp, Prop, recipientDirectoryProp } from "@orderflow/connector-sdk";

/** Mainland mobiles and international numbers (`+852…`). */
export const PHONE_PATTERN = "^\\+?[0-9]{6,15}$";
export const isPhone = (value: string): boolean => new RegExp(PHONE_PATTERN).test(value);

const PLACEHOLDERS_NOTE = {
  zh: "可用占位符：{{phone}} {{text}} {{idempotencyKey}} {{timestamp}} {{apiKey}}",
  en: "Placeholders: {{phone}} {{text}} {{idempotencyKey}} {{timestamp}} {{apiKey}}",
};

/** What staff fill in to describe their SMS provider's HTTP API. */
export const settings = {
  provider: Prop.text({
    label: { zh: "服务商", en: "Provider" },
    description: { zh: "服务商名称；同一服务商的安装共用一个发送速率预算", en: "The provider's name; installations for one provider share one rate budget" },
    pattern: "^[A-Za-z0-9_-]+$",
  }),
  url: Prop.text({ label: { zh: "接口地址", en: "API URL" }, description: PLACEHOLDERS_NOTE, placeholder: "https://sms.example.com/v1/send" }),
  method: Prop.select({
    label: { zh: "请求方法", en: "Method" },
    options: [
      { value: "POST", label: { zh: "POST", en: "POST" } },
      { value: "PUT", label: { zh: "PUT", en: "PUT" } },
      { value: "GET", label: { zh: "GET（无请求体）", en: "GET (no body)" } },
    ],
    default: "POST",
    required: false,
  }),
  bodyFormat: Prop.select({
    label: { zh: "请求体格式", en: "Body format" },
    description: { zh: "JSON 中占位符按 JSON 字符串转义；表单中按 URL 编码", en: "In JSON placeholders are escaped as JSON string content; in a form they are URL-encoded" },
    options: [
      { value: "json", label: { zh: "JSON", en: "JSON" } },
      { value: "form", label: { zh: "表单 (x-www-form-urlencoded)", en: "Form (x-www-form-urlencoded)" } },
    ],
    default: "json",
    required: false,
  }),
  bodyTemplate: Prop.text({ label: { zh: "请求体模板", en: "Body template" }, description: PLACEHOLDERS_NOTE, multiline: true, required: false, placeholder: '{"to":"{{phone}}","content":"{{text}}"}' }),
  headers: Prop.array({
    label: { zh: "请求头", en: "Headers" },
    description: PLACEHOLDERS_NOTE,
    required: false,
    items: Prop.object({
      label: { zh: "请求头", en: "Header" },
      props: {
        name: Prop.text({ label: { zh: "名称", en: "Name" }, pattern: "^[A-Za-z0-9-]+$" }),
        value: Prop.text({ label: { zh: "值", en: "Value" } }),
      },
    }),
  }),
  successPath: Prop.text({
    label: { zh: "成功标志字段", en: "Success field" },
    description: { zh: "应答 JSON 中表示结果的字段路径，如 code 或 result.status；不填则 2xx 即成功", en: "The path of the result field in the answer's JSON, e.g. code or result.status; empty: any 2xx is success" },
    required: false,
  }),
  successValue: Prop.text({ label: { zh: "成功值", en: "Success value" }, placeholder: "0", required: false }),
  retryValues: Prop.array({
    label: { zh: "稍后重试的值", en: "Try-later values" },
    description: { zh: "结果字段取这些值时（如限流），稍后重试而不是放弃", en: "Result values (a rate limit, say) that mean try again later rather than give up" },
    items: Prop.text({ label: { zh: "值", en: "Value" } }),
    required: false,
  }),
  messageIdPath: Prop.text({ label: { zh: "短信编号字段", en: "Message id field" }, placeholder: "data.messageId", required: false }),
  language: messageLanguageProp(),
  directory: recipientDirectoryProp({ label: { zh: "手机号", en: "Phone" }, pattern: PHONE_PATTERN }),
};

export const SIGNATURE_ENCODINGS = [
  { value: "hex", label: { zh: "十六进制", en: "Hex" } },
  { value: "base64", label: { zh: "Base64", en: "Base64" } },
] as const;

/**
 * The provider's API key goes where the templates put `{{apiKey}}`; with a
 * signing secret every request also carries an HMAC-SHA256 of its body.
 */
export const auth = Auth.signed({
  props: {
    apiKey: Prop.secret({ label: { zh: "API Key", en: "API key" }, description: { zh: "在模板中以 {{apiKey}} 引用", en: "Referred to as {{apiKey}} in the templates" }, required: false }),
    signingSecret: Prop.secret({ label: { zh: "签名密钥", en: "Signing secret" }, description: { zh: "填写则对请求体做 HMAC-SHA256 签名", en: "When set, each request body is signed with HMAC-SHA256" }, required: false }),
    signatureHeader: Prop.text({ label: { zh: "签名请求头", en: "Signature header" }, pattern: "^[A-Za-z0-9-]+$", default: "X-Signature", required: false }),
    signatureEncoding: Prop.select({ label: { zh: "签名编码", en: "Signature encoding" }, options: SIGNATURE_ENCODINGS, default: "hex", required: false }),
  },
  sign(request, { signingSecret, signatureHeader, signatureEncoding }) {
    if (!signingSecret) return request;
    const body = request.body ?? "";
    const signature = signatureEncoding === "base64" ? hmacSha256Base64(signingSecret, body) : hmacSha256Hex(signingSecret, body);
    return { ...request, headers: { ...request.headers, [(signatureHeader ?? "X-Signature").toLowerCase()]: signature } };
  },
});

export const allSettings = { ...settings, ...auth.props };
