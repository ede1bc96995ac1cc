import { Auth, messageLanguageProp, Prop, recipientDirectoryProp } from "@orderflow/connector-sdk";

export const EMAIL_PATTERN = "^[^\\s@<>,;\"]+@[^\\s@<>,;\"]+\\.[^\\s@<>,;\"]+$";
export const isEmail = (value: string): boolean => new RegExp(EMAIL_PATTERN).test(value);

/** What staff fill in: the outgoing mail server and the sender. */
export const settings = {
  host: Prop.text({ label: { zh: "SMTP 服务器", en: "SMTP server" }, placeholder: "smtp.exmail.qq.com", pattern: "^[A-Za-z0-9.:-]+$" }),
  port: Prop.integer({ label: { zh: "端口", en: "Port" }, description: { zh: "STARTTLS 通常为 587，TLS 为 465", en: "Usually 587 with STARTTLS, 465 with TLS" }, minimum: 1, maximum: 65535, default: 587, required: false }),
  security: Prop.select({
    label: { zh: "加密方式", en: "Security" },
    options: [
      { value: "starttls", label: { zh: "STARTTLS（先明文再升级）", en: "STARTTLS (upgraded)" } },
      { value: "tls", label: { zh: "TLS（全程加密）", en: "TLS from the start" } },
      { value: "none", label: { zh: "不加密（仅限内网）", en: "None (trusted networks only)" } },
    ],
    default: "starttls",
    required: false,
  }),
  caCertificate: Prop.text({
    label: { zh: "CA 证书", en: "CA certificate" },
    description: { zh: "服务器使用自建证书时，填其 CA 证书（PEM）", en: "The CA certificate (PEM) when the server's certificate is the company's own" },
    multiline: true,
    required: false,
  }),
  from: Prop.text({ label: { zh: "发件地址", en: "From address" }, pattern: EMAIL_PATTERN, placeholder: "orders@shop.example.com" }),
  fromName: Prop.text({ label: { zh: "发件人名称", en: "From name" }, placeholder: "茶语订单中心", required: false }),
  clientName: Prop.text({ label: { zh: "EHLO 名称", en: "EHLO name" }, description: { zh: "本机向服务器报的主机名", en: "The host name this side gives the server" }, pattern: "^[A-Za-z0-9.-]+$", default: "orderflow.local", required: false }),
  subjectPrefix: Prop.text({ label: { zh: "主题前缀", en: "Subject prefix" }, default: "[orderflow]", required: false }),
  language: messageLanguageProp(),
  directory: recipientDirectoryProp({ label: { zh: "邮箱", en: "E-mail address" }, pattern: EMAIL_PATTERN }),
};

/**
 * The mail server's user name and password, spoken in SMTP AUTH (PLAIN or
 * LOGIN) by the SMTP client; this connector makes no HTTP request for the
 * signing hook to touch.
 */
export const auth = Auth.signed({
  props: {
    username: Prop.text({ label: { zh: "用户名", en: "User name" }, required: false }),
    password: Prop.secret({ label: { zh: "密码 / 授权码", en: "Password / app password" }, required: false }),
  },
  sign: (request) => request,
});

export const allSettings = { ...settings, ...auth.props };
