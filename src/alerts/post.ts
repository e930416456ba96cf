/**
 * One HTTP POST and the first bytes of its answer, over node:http / node:https with one keep-alive agent
 * per protocol — the only HTTP in src/alerts (deliver.ts builds the request and classifies the outcome).
 *
 * Not fetch(): a daemon delivering a burst of evidence alerts is CPU-bound, and the same signed POST costs
 * twice the CPU through fetch (0.363 against 0.185 ms, `npm run bench:post`; docs/benchmarks.md "Webhook
 * POSTs").
 *
 * - `signal` aborts for real: the socket is destroyed, so a receiver that hangs or trickles holds nothing.
 * - No redirect is followed (node:http never does): a 3xx is an answer.
 * - At most `cap` bytes of the answer are read; a longer answer's connection is closed, not drained. An
 *   answer cut off mid-body (the deadline) still resolves, with what arrived: its status already decided.
 * - Rejects only before an answer arrives: a connection, DNS or TLS failure, an abort, or a request Node
 *   refuses to build (a header value with a newline).
 */
import http from 'node:http';
import https from 'node:https';

export interface Answer {
  status: number;
  statusText: string;
  retryAfter: string | null;
  /** At most `cap` bytes of the body. */
  bytes: Uint8Array;
}

const AGENTS: Readonly<Record<string, http.Agent>> = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

function firstBytes(chunks: readonly Buffer[], cap: number): Uint8Array {
  const all = Buffer.concat(chunks);
  return all.subarray(0, Math.min(all.byteLength, cap));
}

export function postOnce(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  options: { signal: AbortSignal; cap: number },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const agent = AGENTS[target.protocol];
    if (!agent) throw new TypeError(`a webhook URL must be http or https, not ${target.protocol}`);
    const client = target.protocol === 'https:' ? https : http;
    const payload = Buffer.from(body);
    const request = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(payload.byteLength) },
      agent,
      signal: options.signal,
    });
    let answered = false;
    // Before the answer: the request failed. After it, an error only ends the body early (see below).
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.once('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      let total = 0;
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          retryAfter: response.headers['retry-after'] ?? null,
          bytes: firstBytes(chunks, options.cap),
        });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        total += chunk.byteLength;
        if (total < options.cap) return;
        settle();
        // The rest is not read: the connection goes with it, at our pace, not the receiver's.
        response.destroy();
      });
      response.once('end', settle);
      response.once('close', settle);
      response.on('error', settle);
    });
    request.end(payload);
  });
}
