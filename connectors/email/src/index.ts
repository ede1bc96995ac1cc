export { email } from "./connector";
export { buildMessage, encodeHeaderText, messageIdFor, type MailContent } from "./mime-message";
export { sendMail, dotStuff, type SmtpServerOptions, type Envelope, type SendResult } from "./smtp/smtp-client";
