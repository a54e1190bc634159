import nodemailer, { type Transporter } from 'nodemailer';
import type { NodeConfig } from '@djnet/shared';

/** Sends one e-mail; null when e-mail is off. */
export type OfficerMailer = (to: string, subject: string, text: string) => Promise<void>;

/**
 * E-mail for reminders through the configured SMTP server (nodemailer), or null when `smtpEnabled` is off (the
 * default: reminders are then in-system messages only). `transport` replaces SMTP (e.g. nodemailer's
 * jsonTransport in tests).
 */
export function createOfficerMailer(
  config: NodeConfig,
  transport?: Parameters<typeof nodemailer.createTransport>[0],
): OfficerMailer | null {
  if (!transport && !config.smtpEnabled) return null;
  const transporter: Transporter = nodemailer.createTransport(
    transport ?? {
      host: config.smtpHost!,
      port: config.smtpPort,
      secure: config.smtpSecure,
      ...(config.smtpUser ? { auth: { user: config.smtpUser, pass: config.smtpPassword ?? '' } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    },
  );
  const from = config.smtpFrom ?? `${config.name} <noreply@${config.code}.invalid>`;
  return async (to, subject, text) => {
    await transporter.sendMail({ from, to, subject, text });
  };
}
