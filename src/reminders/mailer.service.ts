import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { ENVIRONMENT } from '../config/config.module.js';
import type { Environment } from '../config/environment.js';
import { loggable } from '../common/loggable.js';

export interface OutgoingMessage {
  /** Name and address apart, so a name can never add a recipient. */
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Stable for the same message, so a resend after a crash can be recognised as a duplicate. */
  messageId: string;
  date: Date;
}

/** Sends through SMTP_URL (pooled connections), or without it writes each message as an .eml file in the outbox folder. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly outbox: string | null;
  private readonly transport;

  constructor(@Inject(ENVIRONMENT) private readonly environment: Environment) {
    if (environment.smtpUrl) {
      // A mail server that goes silent must fail the send well inside a sweep's 5-minute lease.
      this.transport = createTransport({
        pool: true,
        url: environment.smtpUrl,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      });
      this.outbox = null;
    } else {
      this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
      this.outbox = join(environment.dataDir, 'outbox');
    }
  }

  async send(message: OutgoingMessage): Promise<void> {
    const info = await this.transport.sendMail({ from: this.environment.mailFrom, ...message });
    if (this.outbox && 'message' in info && Buffer.isBuffer(info.message)) {
      // Messages name people and their plans: for the service's account alone.
      await mkdir(this.outbox, { recursive: true, mode: 0o700 });
      const file = join(this.outbox, `${message.messageId.replace(/[^\w.-]+/g, '')}.eml`);
      await writeFile(file, info.message, { mode: 0o600 });
      this.logger.log(`No SMTP_URL set: wrote "${loggable(message.subject)}" for ${loggable(message.to.address)} to ${file}`);
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
