// A minimal DER reader and writer for the PKCS#12 and CMS structures kep-sign.js needs
// (WebCrypto path). Strict on lengths: anything that does not parse is an error.
"use strict";

function parse(bytes, offset = 0, end = bytes.length) {
  const start = offset;
  if (offset + 2 > end) throw new Error("truncated DER");
  const tag = bytes[offset];
  let length = bytes[offset + 1];
  offset += 2;
  if (length & 0x80) {
    const size = length & 0x7f;
    if (size < 1 || size > 4 || offset + size > end) throw new Error("bad DER length");
    length = 0;
    for (let index = 0; index < size; index += 1) length = length * 256 + bytes[offset + index];
    offset += size;
  }
  if (offset + length > end) throw new Error("truncated DER");
  const node = { tag, content: bytes.subarray(offset, offset + length), bytes: bytes.subarray(start, offset + length) };
  node.end = offset + length;
  if (tag & 0x20) {
    node.children = [];
    let at = offset;
    while (at < offset + length) {
      const child = parse(bytes, at, offset + length);
      node.children.push(child);
      at = child.end;
    }
  }
  return node;
}

function oid(node) {
  if (!node || node.tag !== 0x06) throw new Error("not an OID");
  const bytes = node.content;
  const parts = [];
  let value = 0;
  for (let index = 0; index < bytes.length; index += 1) {
    value = value * 128 + (bytes[index] & 0x7f);
    if (!(bytes[index] & 0x80)) {
      if (!parts.length) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join(".");
}

function integer(node) {
  if (!node || node.tag !== 0x02) throw new Error("not an INTEGER");
  let value = 0;
  for (const byte of node.content) value = value * 256 + byte;
  return value;
}

function explicitOctets(contentInfo) {
  // ContentInfo { type, [0] EXPLICIT OCTET STRING }
  const wrapped = contentInfo.children[1];
  if (!wrapped || wrapped.tag !== 0xa0 || wrapped.children[0].tag !== 0x04) throw new Error("no content");
  return wrapped.children[0].content;
}

// --- writer ---

function length(size) {
  if (size < 0x80) return [size];
  const out = [];
  while (size > 0) {
    out.unshift(size & 0xff);
    size = Math.floor(size / 256);
  }
  return [0x80 | out.length, ...out];
}

function concat(parts) {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function tlv(tag, content) {
  return concat([new Uint8Array([tag, ...length(content.length)]), content]);
}

const tagged = (tag, items) => tlv(tag, concat(items));
const sequence = (items) => tagged(0x30, items);
const set = (items) => tagged(0x31, items);

function compare(a, b) {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    if (a[index] !== b[index]) return a[index] - b[index];
  }
  return a.length - b.length;
}

const setOf = (items) => set([...items].sort(compare));  // DER: SET OF in the order of the encodings
const octets = (bytes) => tlv(0x04, bytes);
const raw = (bytes) => bytes;
const null_ = () => new Uint8Array([0x05, 0x00]);
const retag = (encoded, tag) => concat([new Uint8Array([tag]), encoded.subarray(1)]);

function integerFromBytes(bytes) {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const body = bytes.subarray(start);
  return tlv(0x02, body[0] & 0x80 ? concat([new Uint8Array([0]), body]) : body);
}

function oidNode(text) {
  const parts = text.split(".").map(Number);
  const out = [parts[0] * 40 + parts[1]];
  for (const part of parts.slice(2)) {
    const chunk = [part & 0x7f];
    let rest = Math.floor(part / 128);
    while (rest > 0) {
      chunk.unshift((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    out.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(out));
}

function utcTime(date) {
  const two = (n) => String(n).padStart(2, "0");
  const text = two(date.getUTCFullYear() % 100) + two(date.getUTCMonth() + 1) + two(date.getUTCDate())
    + two(date.getUTCHours()) + two(date.getUTCMinutes()) + two(date.getUTCSeconds()) + "Z";
  return tlv(0x17, new TextEncoder().encode(text));
}

module.exports = {
  parse, oid, integer, explicitOctets, tagged, sequence, set, setOf, octets, raw, null_, retag,
  integerFromBytes, oidNode, utcTime,
};
