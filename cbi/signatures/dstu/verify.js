// DSTU 4145-2002 signature verification with the kept implementation (jkurwa + gost89).
// Contract (docs/signatures.md): one JSON object on stdin
//   {"spki": base64 DER SubjectPublicKeyInfo (DSTU 4145), "data": base64, "signature": base64}
// and one JSON object on stdout: {"ok": true} or {"ok": false, "error": "..."}.
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

function verify(request) {
  const spki = rfc3280.SubjectPublicKeyInfo.decode(Buffer.from(request.spki, "base64"), "der");
  if (spki.algorithm.algorithm !== "Dstu4145le") return { ok: false, error: "not a DSTU 4145 key" };
  const curve = jk.Curve.resolve(spki.algorithm.parameters.curve, "cert");
  const pub = curve.pubkey(util.BIG_LE(spki.subjectPublicKey.data.slice(2)));
  const hash = gost89.compat.algos().hash(Buffer.from(request.data, "base64"));
  return { ok: pub.verify(hash, Buffer.from(request.signature, "base64"), "le") === true };
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
    answer(verify(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
  } catch (error) {
    answer({ ok: false, error: "malformed input" });
  }
});
