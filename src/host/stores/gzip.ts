/**
 * Gzip through the web platform's `CompressionStream`, which both extension hosts have (Node 18
 * and later, and the browser's web worker), so no library is bundled for it.
 */

const GZIP_MAGIC = [0x1f, 0x8b] as const;

async function collect(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Stop a small file that unpacks into a huge one before it takes the memory.
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`it unpacks to more than the ${maxBytes} bytes allowed`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function streamOf(bytes: Uint8Array<ArrayBuffer>): ReadableStream<BufferSource> {
  return new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** The UTF-8 text, gzipped. */
export function gzipText(text: string): Promise<Uint8Array> {
  return collect(streamOf(new TextEncoder().encode(text)).pipeThrough(new CompressionStream('gzip')), Number.MAX_SAFE_INTEGER);
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/**
 * The text of a file that may be gzipped (it starts with gzip's magic bytes) or plain UTF-8.
 * Throws when it does not unpack, or unpacks to more than `maxBytes`.
 */
export async function textOfMaybeGzip(bytes: Uint8Array<ArrayBuffer>, maxBytes: number): Promise<string> {
  if (!isGzip(bytes)) return new TextDecoder('utf-8').decode(bytes);
  const unpacked = await collect(streamOf(bytes).pipeThrough(new DecompressionStream('gzip')), maxBytes);
  return new TextDecoder('utf-8').decode(unpacked);
}
