/**
 * Polls a condition until it holds. For what a test can only observe by reading (a BullMQ job's state,
 * a node's role): the log line that says a step happened may be written before the state it describes is
 * committed (a worker logs a dead letter, then BullMQ moves the job to the failed set).
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 100 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
