/**
 * webhooks.yaml for tests that subscribe receivers (src/replay/receiver.ts), an environment variable
 * name for each one's secret that no other test uses, and a receiver started with its secret exported
 * under such a name.
 */
import { randomBytes } from 'node:crypto';
import {
  newWebhookSecret,
  type ReceiverOptions,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../src/replay/receiver.js';

/** An environment variable name that no other test uses. */
export function secretEnvName(label: string): string {
  return `PW_E2E_${label.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${randomBytes(3).toString('hex').toUpperCase()}`;
}

export interface SecretReceiver {
  receiver: WebhookReceiver;
  secret: string;
  /** The variable webhooks.yaml's `secret_env` names; set while the receiver runs. */
  secretEnv: string;
  /** Closes the receiver and unsets the variable. */
  close(): Promise<void>;
}

/** A verifying receiver with a fresh secret, exported under a variable no other test uses. */
export async function startSecretReceiver(
  label: string,
  options: Omit<ReceiverOptions, 'secret'> = {},
): Promise<SecretReceiver> {
  const secretEnv = secretEnvName(label);
  const secret = newWebhookSecret();
  process.env[secretEnv] = secret;
  const receiver = await startWebhookReceiver({ ...options, secret });
  return {
    receiver,
    secret,
    secretEnv,
    close: async () => {
      await receiver.close();
      delete process.env[secretEnv];
    },
  };
}

export interface Subscription {
  id: string;
  url: string;
  secretEnv: string;
  events: string[];
  claims?: string[];
  /** @defaultValue 1000 */
  timeoutMs?: number;
  /** @defaultValue the schema's (4) */
  concurrency?: number;
  /** @defaultValue small test settings: 6 attempts, 200 ms doubling up to 2 s */
  retry?: { attempts: number; base_delay_ms: number; max_delay_ms: number };
}

export const TEST_RETRY = { attempts: 6, base_delay_ms: 200, max_delay_ms: 2_000 };

/** webhooks.yaml for the given subscriptions (JSON strings are valid YAML scalars, URLs with `?` included). */
export function webhooksYaml(subscriptions: readonly Subscription[], failingAfter?: number): string {
  const hooks = subscriptions.map((hook) => {
    const retry = hook.retry ?? TEST_RETRY;
    return [
      `  - id: ${hook.id}`,
      `    url: ${JSON.stringify(hook.url)}`,
      `    secret_env: ${hook.secretEnv}`,
      `    events: [${hook.events.join(', ')}]`,
      hook.claims ? `    claims: [${hook.claims.join(', ')}]` : '',
      `    timeout_ms: ${hook.timeoutMs ?? 1_000}`,
      hook.concurrency === undefined ? '' : `    concurrency: ${hook.concurrency}`,
      '    retry:',
      `      attempts: ${retry.attempts}`,
      `      base_delay_ms: ${retry.base_delay_ms}`,
      `      max_delay_ms: ${retry.max_delay_ms}`,
    ]
      .filter(Boolean)
      .join('\n');
  });
  const head = failingAfter === undefined ? '' : `failing_after: ${failingAfter}\n`;
  return `${head}webhooks:\n${hooks.join('\n')}\n`;
}
