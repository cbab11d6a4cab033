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
const SALT_AT = 38, IV_AT = 109, BODY_AT = 186, BODY_LENGTH = 250;  // content offsets (openssl asn1parse)

function spki(priv) {
  return rfc3280.SubjectPublicKeyInfo.encode({
    algorithm: { algorithm: "Dstu4145le", parameters: { curve: { type: "id", value: priv.curve.name() } } },
    subjectPublicKey: { unused: 0, data: priv.pub().serialize() },
  }, "der");
}

function tlv(tag, content) {
  const n = content.length;
  const head = n < 0x80 ? [tag, n] : n < 0x100 ? [tag, 0x81, n] : [tag, 0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from(head), content]);
}
const oid = (hex) => tlv(0x06, Buffer.from(hex, "hex"));

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
  pkcs12({ priv, certificate, password }) {
    // A DSTU PKCS#12 as providers issue them and jkurwa reads them: the key as a PBES2 (GOST 28147)
    // shrouded key bag, the certificate in PBES2-encrypted data. jkurwa's reader skips a fixed
    // 30-byte header, so the header uses two-byte lengths throughout (as the providers' files do).
    const key = Buffer.from(ops.key6({ priv, password }).file, "base64");
    const shroudedKeyBag = tlv(0x30, Buffer.concat([oid("2a864886f70d010c0a0102"), tlv(0xa0, key)]));
    const certBag = tlv(0x30, Buffer.concat([
      oid("2a864886f70d010c0a0103"),
      tlv(0xa0, tlv(0x30, Buffer.concat([oid("2a864886f70d01091601"), tlv(0xa0, tlv(0x04, bin(certificate)))]))),
    ]));
    const certs = tlv(0x30, certBag);
    const salt = require("crypto").randomBytes(32), iv = require("crypto").randomBytes(8);
    const encrypted = Buffer.from(algo.storesave(certs, "PBES2", password, iv, salt).body);
    const algorithm = Buffer.from(STORE.subarray(4, 183));  // the store's PBES2 AlgorithmIdentifier
    salt.copy(algorithm, SALT_AT - 4); iv.copy(algorithm, IV_AT - 4);
    const encryptedData = tlv(0x30, Buffer.concat([
      Buffer.from([0x02, 0x01, 0x00]),
      tlv(0x30, Buffer.concat([oid("2a864886f70d010701"), algorithm, tlv(0x80, encrypted)])),
    ]));
    const authSafe = tlv(0x30, Buffer.concat([
      tlv(0x30, Buffer.concat([oid("2a864886f70d010701"), tlv(0xa0, tlv(0x04, tlv(0x30, shroudedKeyBag)))])),
      tlv(0x30, Buffer.concat([oid("2a864886f70d010706"), tlv(0xa0, encryptedData)])),
    ]));
    const long = (tag, content) => Buffer.concat([Buffer.from([tag, 0x82, content.length >> 8, content.length & 0xff]),
      content]);
    const pfx = long(0x30, Buffer.concat([Buffer.from([0x02, 0x01, 0x03]),
      long(0x30, Buffer.concat([oid("2a864886f70d010701"), long(0xa0, long(0x04, authSafe))]))]));
    const back = jk.Priv.from_protected(pfx, password, algo);
    if (back.keys.length !== 1 || back.certs.length !== 1) throw new Error("pkcs12");
    return { file: b64(pfx) };
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
