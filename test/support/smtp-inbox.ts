import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Inbox {
  port: number;
  url: string;
  messages: ParsedMail[];
  /** From now on, refuse every message with this SMTP reply (e.g. 550), or accept again with null. */
  refuseWith(code: number | null): void;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives, parsed, for the test to read. */
export async function startInbox(port = 0): Promise<Inbox> {
  const messages: ParsedMail[] = [];
  let refusal: number | null = null;
  const server = new SMTPServer({
    authOptional: true,
    // The sender's pool keeps idle connections open; don't wait the default 30 s for them at close.
    closeTimeout: 200,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (refusal) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: refusal }));
          messages.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  // A sender killed mid-message resets its connection: the sender's to recover from, not a reason to crash the test.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    messages,
    refuseWith: (code) => (refusal = code),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port with nothing listening on it, for "the mail server is down". */
export async function freePort(): Promise<number> {
  const inbox = await startInbox();
  await inbox.close();
  return inbox.port;
}
