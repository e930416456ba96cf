/**
 * The alerts module's public face (DESIGN.md "Feeds and webhooks"): build an event (payload.ts), render
 * its body (standard JSON or Slack), sign it (sign.ts), POST it once and classify the answer (deliver.ts),
 * and say how long to wait before the next attempt (backoff.ts). Everything but postEvent is pure.
 * Queueing, retries and dead letters belong to jobs/deliver-alert.ts and src/queue.
 * Other modules import from here, never from the files behind it.
 */
export { DEFAULT_RETRY, hasAttemptsLeft, MAX_RETRY_AFTER_MS, retryDelayMs } from './backoff.js';
export { BODY_START_BYTES, isRetryableStatus } from './classify.js';
export {
  ALERT_USER_AGENT,
  eventBody,
  type PostableWebhook,
  type PostOptions,
  postEvent,
  RESPONSE_BODY_CAP,
  requestHeaders,
} from './deliver.js';
export {
  type ClaimInput,
  evidenceAddedEvent,
  evidenceRef,
  type FeedHealthInput,
  type FeedInput,
  feedFailingEvent,
  feedRecoveredEvent,
  pingEvent,
  standardBody,
  statusChangedEvent,
} from './payload.js';
export { type SignatureHeaders, signatureHeaders } from './sign.js';
export { escapeSlack, MAX_SLACK_EVIDENCE, type SlackMessage, slackBody, slackMessage } from './slack.js';
export {
  ALERT_EVENT_TYPES,
  type AlertEvent,
  type AlertEventType,
  type ClaimRef,
  type DeliveryAttempt,
  type EvidenceAddedData,
  type EvidenceRef,
  type FeedHealthData,
  type PingData,
  type StatusChangedData,
} from './types.js';
