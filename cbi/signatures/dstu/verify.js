// DSTU 4145-2002 signature verification with the kept implementation (jkurwa + gost89).
// Contract (docs/signatures.md): one JSON object on stdin, one on stdout.
//   {"spki": base64 DER SubjectPublicKeyInfo (DSTU 4145), "data": base64, "signature": base64}
//     -> {"ok": true} or {"ok": false, "error": "..."}
//   {"op": "hash", "data": base64} -> {"ok": true, "digest": base64 GOST 34.311-95 digest}
// A signature is the raw little-endian r||s (CMS encryptedDigest) or the same wrapped in an
// OCTET STRING (a certificate's or CRL's signatureValue); both are tried.
// The hash is GOST 34.311-95 with the DSTU default S-box (the CAdES "Gost34311" digest).
"use strict";
const jk = require("jkurwa");
const rfc3280 = require("jkurwa/lib/spec/rfc3280");
const util = require("jkurwa/lib/util");
const gost89 = require("gost89");

const MAX_INPUT = 256 * 1024;

function answer(value) {
  process.stdout.write(JSON.stringify(value));
}

function hash(request) {
  return { ok: true, digest: gost89.compat.algos().hash(Buffer.from(request.data, "base64")).toString("base64") };
}

function verify(request) {
  const spki = rfc3280.SubjectPublicKeyInfo.decode(Buffer.from(request.spki, "base64"), "der");
  if (spki.algorithm.algorithm !== "Dstu4145le") return { ok: false, error: "not a DSTU 4145 key" };
  const curve = jk.Curve.resolve(spki.algorithm.parameters.curve, "cert");
  const pub = curve.pubkey(util.BIG_LE(spki.subjectPublicKey.data.slice(2)));
  const hash = gost89.compat.algos().hash(Buffer.from(request.data, "base64"));
  const signature = Buffer.from(request.signature, "base64");
  const attempts = [() => pub.verify(hash, signature, "le")];
  if (signature[0] === 0x04 && signature[1] === signature.length - 2) {
    attempts.push(() => pub.verify(hash, signature, "short"));
  }
  for (const attempt of attempts) {
    try {
      if (attempt() === true) return { ok: true };
    } catch (ignore) {
      // a malformed encoding: try the other one, else refuse
    }
  }
  return { ok: false };
}

const chunks = [];
let size = 0;
process.stdin.on("data", (chunk) => {
  size += chunk.length;
  if (size > MAX_INPUT) {
    answer({ ok: false, error: "input too large" });
    process.exit(0);
  }
  chunks.push(chunk);
});
process.stdin.on("end", () => {
  try {
    const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    answer(request.op === "hash" ? hash(request) : verify(request));
  } catch (error) {
    answer({ ok: false, error: "malformed input" });
  }
});
