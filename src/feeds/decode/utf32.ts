/**
 * UTF-32 LE/BE to string. TextDecoder does not offer UTF-32 (WHATWG Encoding dropped it), but feeds in it
 * exist, so this small decoder fills the gap. Like TextDecoder without `fatal`, it never throws: a code unit
 * that is not a Unicode scalar value (a surrogate or above U+10FFFF) and a trailing partial unit each become
 * U+FFFD. The caller strips any BOM first.
 */

export const UTF32_ENCODINGS = ['utf-32le', 'utf-32be'] as const;
export type Utf32Encoding = (typeof UTF32_ENCODINGS)[number];

const REPLACEMENT = 0xfffd;
// String.fromCodePoint takes its code points as arguments; batches keep it under the engine's argument limit.
const BATCH = 8192;

export function decodeUtf32(bytes: Uint8Array, encoding: Utf32Encoding): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = encoding === 'utf-32le';
  const whole = bytes.byteLength - (bytes.byteLength % 4);
  const parts: string[] = [];
  let batch: number[] = [];
  for (let offset = 0; offset < whole; offset += 4) {
    const unit = view.getUint32(offset, littleEndian);
    const isScalar = unit <= 0x10ffff && (unit < 0xd800 || unit > 0xdfff);
    batch.push(isScalar ? unit : REPLACEMENT);
    if (batch.length === BATCH) {
      parts.push(String.fromCodePoint(...batch));
      batch = [];
    }
  }
  if (whole < bytes.byteLength) batch.push(REPLACEMENT);
  parts.push(String.fromCodePoint(...batch));
  return parts.join('');
}
