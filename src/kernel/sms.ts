import fs from 'node:fs';
import path from 'node:path';

/**
 * The SMS channel behind one interface. Adapters: `FileOutbox` (development and tests: every
 * message is appended to a JSON-lines file and kept in memory) and a provider's HTTP API
 * (modules/notify). Callers never know which one runs; the composition picks it from config.
 */
export interface SmsMessage {
  /** Mainland mobile number, 11 digits. */
  phone: string;
  /** The template's code in our catalogue (e.g. `otp`, `decision_made`); the adapter maps it to the provider's. */
  template: string;
  params: Record<string, string>;
}

export interface SmsResult {
  /** The provider's message id (the outbox numbers its lines). */
  providerId: string;
}

export interface SmsSender {
  readonly name: string;
  send(message: SmsMessage): Promise<SmsResult>;
}

/** Development/test adapter: appends each message as one JSON line; `sent` keeps them in memory too. */
export class FileOutbox implements SmsSender {
  readonly name = 'outbox';
  readonly sent: (SmsMessage & { at: string })[] = [];
  constructor(readonly file: string | null) {}

  async send(message: SmsMessage): Promise<SmsResult> {
    const line = { ...message, at: new Date().toISOString() };
    this.sent.push(line);
    if (this.file) {
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await fs.promises.appendFile(this.file, `${JSON.stringify(line)}\n`);
    }
    return { providerId: `outbox-${this.sent.length}` };
  }

  /** The newest message sent to `phone`, if any (tests and the demo read one-time codes here). */
  lastTo(phone: string): (SmsMessage & { at: string }) | undefined {
    return this.sent.findLast((m) => m.phone === phone);
  }
}

/**
 * A message the channel could not send. `retryable`: the provider or the network failed (5xx, a
 * timeout, throttling) and a later attempt may succeed; otherwise (4xx: a bad number, a template
 * the provider refuses) trying again changes nothing, and the delivery is marked failed with `message`.
 */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
