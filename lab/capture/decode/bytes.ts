// Small helpers for reading addresses out of packet bytes.
import { Address6 } from 'ip-address';
import { remembered } from '../../topology/address.js';

export function ipv4At(b: Buffer, off: number): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

// A capture holds a few addresses many times: each is formatted once, keyed by its raw bytes.
const formatted = remembered((raw: string) => Address6.fromUnsignedByteArray([...Buffer.from(raw, 'latin1')]).correctForm());

export function ipv6At(b: Buffer, off: number): string {
  return formatted(b.toString('latin1', off, off + 16));
}

const macFormatted = remembered((hex: string) => hex.replace(/(..)(?!$)/g, '$1:'));

export function macAt(b: Buffer, off: number): string {
  return macFormatted(b.toString('hex', off, off + 6));
}

/** True when `len` bytes starting at `off` are inside the buffer. */
export function has(b: Buffer, off: number, len: number): boolean {
  return off >= 0 && off + len <= b.length;
}
