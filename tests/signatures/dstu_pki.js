// Test-only helper for tests/signatures/dstu_pki.py: DSTU 4145 keys, signatures, Key-6.dat
// files and CAdES signatures made with jkurwa (the kept implementation the browser signs with).
// One JSON request on stdin, one JSON answer on stdout; binary values are Base64.
"use strict";
const fs = require("fs");
const path = require("path");

const MODULES = path.resolve(__dirname, "../../cbi/signatures/dstu/node_modules");
const jk = require(path.join(MODULES, "jkurwa"));
const Message = require(path.join(MODULES, "jkurwa/lib/models/Message"));
const rfc3280 = require(path.join(MODULES, "jkurwa/lib/spec/rfc3280"));
const gost89 = require(path.join(MODULES, "gost89"));

const algo = gost89.compat.algos();
const b64 = (buffer) => Buffer.from(buffer).toString("base64");
const bin = (text) => Buffer.from(text, "base64");

// jkurwa's published test key gives the curve object with its full parameters (DSTU_PB_257,
// the DSTU 4145 default S-box), so a fresh key on it serialises like a provider's key.
const TEMPLATE = jk.Priv.from_pem(fs.readFileSync(path.join(MODULES, "jkurwa/test/data/Key40A0.pem")));
// jkurwa's own Key-6.dat-style PBES2 store (GOST 28147 CFB, PBKDF2 with HMAC GOST 34.311):
// the layout is fixed for a DSTU_PB_257 key, so a new store is this one with a new salt, IV and body.
const STORE = fs.readFileSync(path.join(MODULES, "jkurwa/test/data/STORE_A040.dat"));
const SALT_AT = 36, IV_AT = 107, BODY_AT = 186, BODY_LENGTH = 250;

function spki(priv) {
  return rfc3280.SubjectPublicKeyInfo.encode({
    algorithm: { algorithm: "Dstu4145le", parameters: { curve: { type: "id", value: priv.curve.name() } } },
    subjectPublicKey: { unused: 0, data: priv.pub().serialize() },
  }, "der");
}

const ops = {
  keygen() {
    for (;;) {
      const priv = new jk.Priv(TEMPLATE.curve, TEMPLATE.curve.rand());
      const der = Buffer.from(priv.to_asn1());
      if (priv.pub().validate() && der.length === BODY_LENGTH) return { priv: b64(der), spki: b64(spki(priv)) };
    }
  },
  sign({ priv, data }) {
    const key = jk.Priv.from_asn1(bin(priv));
    return { signature: b64(key.sign(algo.hash(bin(data)), "le")) };
  },
  hash({ data }) {
    return { digest: b64(algo.hash(bin(data))) };
  },
  key6({ priv, password }) {
    const salt = require("crypto").randomBytes(32), iv = require("crypto").randomBytes(8);
    const store = algo.storesave(bin(priv), "PBES2", password, iv, salt);
    const out = Buffer.from(STORE);
    salt.copy(out, SALT_AT); iv.copy(out, IV_AT); Buffer.from(store.body).copy(out, BODY_AT);
    const back = jk.Priv.from_protected(out, password, algo).keys[0];
    if (!back.pub().serialize().equals(jk.Priv.from_asn1(bin(priv)).pub().serialize())) throw new Error("key6");
    return { file: b64(out) };
  },
  p7s({ priv, certificate, data, detached, signTime }) {
    const cert = jk.Certificate.from_asn1(bin(certificate));
    const content = bin(data);
    const message = new Message({
      type: "signedData", cert, hash: algo.hash, signTime, signer: jk.Priv.from_asn1(bin(priv)),
      ...(detached ? { dataHash: algo.hash(content) } : { data: content }),
    });
    return { p7s: b64(message.as_asn1()) };
  },
};

const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => {
  const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  process.stdout.write(JSON.stringify(ops[request.op](request)));
});
