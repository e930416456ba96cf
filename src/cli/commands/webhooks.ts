/**
 * `policy-watch webhooks test ID`: sends a signed `ping` event to one configured webhook right now and says
 * what came back. Needs no Redis; nothing is queued or retried. `--json`: one line
 * `{"webhook", "event", "outcome": "delivered"|"failed", "httpStatus", "durationMs", "error"}`.
 */
import { pingEvent, postEvent } from '../../alerts/index.js';
import type { PolicyWatchConfig } from '../../config/load.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';

export async function webhooksTestCommand(
  config: PolicyWatchConfig,
  webhookId: string,
  io: CliIo,
  json = false,
): Promise<ExitCode> {
  const webhook = config.webhooks.find((candidate) => candidate.id === webhookId);
  if (!webhook) {
    const known = config.webhooks.map((candidate) => candidate.id).join(', ') || 'none configured';
    io.err(`policy-watch: unknown webhook "${webhookId}" (known: ${known})`);
    return EXIT.usage;
  }
  const event = pingEvent(webhook.id, new Date());
  const attempt = await postEvent(webhook, event);
  const status = attempt.httpStatus === undefined ? '' : `HTTP ${attempt.httpStatus}, `;
  const delivered = attempt.outcome === 'delivered';
  if (json) {
    io.out(
      JSON.stringify({
        webhook: webhook.id,
        event: event.id,
        outcome: delivered ? 'delivered' : 'failed',
        httpStatus: attempt.httpStatus ?? null,
        durationMs: attempt.durationMs,
        error: delivered ? null : attempt.error,
      }),
    );
    return delivered ? EXIT.ok : EXIT.inputFailed;
  }
  if (delivered) {
    io.out(`${webhook.id}: ping ${event.id} delivered (${status}${attempt.durationMs} ms)`);
    return EXIT.ok;
  }
  io.err(
    `policy-watch: ${webhook.id}: ping not delivered (${status}${attempt.durationMs} ms): ${attempt.error}`,
  );
  return EXIT.inputFailed;
}
