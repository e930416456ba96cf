/**
 * readCappedBody: reads a response body chunk by chunk and stops as soon as more than `maxBytes` arrived.
 * fetch() hands us the body already decompressed (gzip, deflate, br), so counting chunks caps the decoded
 * size and a compression bomb is stopped after maxBytes of output, not after inflating all of it.
 * Returns the bytes, or `undefined` when the cap was exceeded (the stream is cancelled then; the caller also
 * aborts the request so the socket closes). An abort while reading rejects, as reader.read() does.
 */
export async function readCappedBody(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Cancelling can reject if the request was torn down meanwhile; the verdict is the same.
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
