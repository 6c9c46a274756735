// The one TLS message the lab reads: a ClientHello's server name (SNI), in cleartext at the start
// of a TLS connection — enough to show, on a capture, which site an encrypted request went to.

/** The SNI of a TLS ClientHello at the start of a TCP payload, or undefined when it is not one. */
export function clientHelloSni(b: Buffer | undefined): string | undefined | null {
  // Record: type 22 (handshake), version, length; handshake: type 1 (ClientHello), length.
  if (!b || b.length < 9 || b[0] !== 0x16 || b[5] !== 0x01) return undefined;
  try {
    let p = 9 + 2 + 32; // handshake header, client version, random
    p += 1 + (b[p] ?? 0); // session id
    p += 2 + b.readUInt16BE(p); // cipher suites
    p += 1 + (b[p] ?? 0); // compression methods
    const end = p + 2 + b.readUInt16BE(p);
    p += 2;
    while (p + 4 <= end && p + 4 <= b.length) {
      const type = b.readUInt16BE(p);
      const len = b.readUInt16BE(p + 2);
      if (type === 0 && p + 9 <= b.length) {
        // server_name: list length, name type (0: host_name), name length, name.
        const nameLen = b.readUInt16BE(p + 7);
        return b.subarray(p + 9, p + 9 + nameLen).toString('latin1');
      }
      p += 4 + len;
    }
  } catch {
    // Cut by the snap length or malformed: a ClientHello without a readable SNI.
  }
  return null;
}
