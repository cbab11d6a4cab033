// Signing the КЕП step's one-time check in the browser (issue 18, docs/signatures.md).
//
// The person's key file and password are read and used only here, in the page: the key file
// input and the password input have no name and the script sends neither. What is sent is the
// CAdES-BES signature (with the certificate) in the form's hidden "signature" field; the server
// verifies it with verify_cms_signature exactly as a .p7s made in a signing application.
//
// - DSTU 4145 keys (Key-6.dat, DSTU PKCS#12, PBES2 key stores, JKS as jkurwa reads them):
//   jkurwa + gost89 (the kept implementation the server verifies with).
// - ECDSA and RSA keys in a PKCS#12 (.pfx/.p12) or an encrypted PKCS#8 (.pk8/.pem), PBES2 with
//   PBKDF2 and AES: WebCrypto.
//
// Built by build.js with esbuild from the versions pinned in package-lock.json into
// cbi/signatures/static/signatures/kep-sign.js (committed; tests check it is what the build makes).
"use strict";

const { Buffer } = require("buffer");

if (!globalThis.Buffer) globalThis.Buffer = Buffer;
if (!globalThis.global) globalThis.global = globalThis;

const jk = require("jkurwa");
const Message = require("jkurwa/lib/models/Message");
const loadKeys = require("jkurwa/lib/util/load");
const jksreader = require("jksreader");
const gost89 = require("gost89");
const der = require("./der");

const algo = gost89.compat.algos();

class Refusal extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

// --- DSTU 4145 (jkurwa) -------------------------------------------------------------------

function looksLikeDstuStore(bytes) {
  const buffer = Buffer.from(bytes);
  try {
    if (jksreader.parse(buffer[0] === 0x51 ? buffer.slice(6) : buffer)) return true;
  } catch (ignore) {
    // not a JKS
  }
  try {
    jk.guess_parse(buffer);
    return true;
  } catch (error) {
    return false;
  }
}

function dstuCertificates(list) {
  const out = [];
  for (const bytes of list) {
    try {
      out.push(jk.Certificate.from_pem(Buffer.from(bytes)));  // DER, or PEM
    } catch (ignore) {
      // not a DSTU certificate: the caller reports a missing certificate if none is left
    }
  }
  return out;
}

function signDstu(keyBytes, password, certificateBytes, nonce, signTime) {
  // jkurwa's own loader: Key-6.dat (IIT), PBES2 key stores, DSTU PKCS#12, JKS (with its header).
  let items;
  try {
    items = loadKeys({ keyBuffers: [Buffer.from(keyBytes)], password }, algo);
  } catch (error) {
    throw new Refusal(looksLikeDstuStore(keyBytes) ? "wrong_password" : "not_a_key_file");
  }
  const keys = items.filter((item) => item.priv).map((item) => item.priv);
  if (!keys.length) throw new Refusal("wrong_password");
  const certificates = [...items.filter((item) => item.cert).map((item) => item.cert),
    ...dstuCertificates(certificateBytes)];
  if (!certificates.length) throw new Refusal("certificate_missing");
  const store = { keys };
  // A Key-6.dat often holds a signing key and an encryption key with their certificates: the
  // signing certificate first (the server refuses an encryption one with its own message).
  const forSigning = (cert) => {
    try {
      return cert.canUseFor("sign");
    } catch (ignore) {
      return false;
    }
  };
  certificates.sort((a, b) => Number(forSigning(b)) - Number(forSigning(a)));
  for (const cert of certificates) {
    let pub;
    try {
      pub = cert.pubkey_unpack();
    } catch (ignore) {
      continue;
    }
    const key = store.keys.find((candidate) => {
      try {
        return candidate.pub_match(pub);
      } catch (ignore) {
        return false;
      }
    });
    if (!key) continue;
    const message = new Message({
      type: "signedData", cert, dataHash: algo.hash(Buffer.from(nonce)), hash: algo.hash, signTime, signer: key,
    });
    return Buffer.from(message.as_asn1());
  }
  throw new Refusal("key_certificate_mismatch");
}

// --- ECDSA / RSA in PKCS#12 (WebCrypto) ------------------------------------------------------

const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  encryptedData: "1.2.840.113549.1.7.6",
  keyBag: "1.2.840.113549.1.12.10.1.1",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  hmacSha1: "1.2.840.113549.2.7",
  hmacSha256: "1.2.840.113549.2.9",
  hmacSha384: "1.2.840.113549.2.10",
  hmacSha512: "1.2.840.113549.2.11",
  aes128cbc: "2.16.840.1.101.3.4.1.2",
  aes192cbc: "2.16.840.1.101.3.4.1.22",
  aes256cbc: "2.16.840.1.101.3.4.1.42",
  ecPublicKey: "1.2.840.10045.2.1",
  rsaEncryption: "1.2.840.113549.1.1.1",
  p256: "1.2.840.10045.3.1.7",
  p384: "1.3.132.0.34",
  p521: "1.3.132.0.35",
  sha256: "2.16.840.1.101.3.4.2.1",
  ecdsaSha256: "1.2.840.10045.4.3.2",
  rsaSha256: "1.2.840.113549.1.1.11",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
};
const PRF = { [OID.hmacSha1]: "SHA-1", [OID.hmacSha256]: "SHA-256", [OID.hmacSha384]: "SHA-384",
  [OID.hmacSha512]: "SHA-512" };
const AES = { [OID.aes128cbc]: 128, [OID.aes192cbc]: 192, [OID.aes256cbc]: 256 };
const CURVES = { [OID.p256]: "P-256", [OID.p384]: "P-384", [OID.p521]: "P-521" };

function pkcs12Safes(bytes) {
  // PFX ::= SEQUENCE { version 3, authSafe ContentInfo (data), macData }: anything else is not
  // a standard PKCS#12 (a DSTU one goes to jkurwa).
  const pfx = der.parse(bytes);
  const [version, authSafe] = pfx.children;
  if (der.integer(version) !== 3 || der.oid(authSafe.children[0]) !== OID.data) throw new Error("not PKCS#12");
  return der.parse(der.explicitOctets(authSafe)).children;
}

async function pbes2Decrypt(algorithm, encrypted, password) {
  if (der.oid(algorithm.children[0]) !== OID.pbes2) throw new Refusal("unsupported_key_encryption");
  const [kdf, cipher] = algorithm.children[1].children;
  if (der.oid(kdf.children[0]) !== OID.pbkdf2) throw new Refusal("unsupported_key_encryption");
  const params = kdf.children[1].children;
  const salt = params[0].content;
  const iterations = der.integer(params[1]);
  const prfNode = params.find((node) => node.tag === 0x30);
  const prf = prfNode ? PRF[der.oid(prfNode.children[0])] : "SHA-1";
  const bits = AES[der.oid(cipher.children[0])];
  if (!prf || !bits) throw new Refusal("unsupported_key_encryption");
  const iv = cipher.children[1].content;
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveKey"]);
  const key = await subtle.deriveKey({ name: "PBKDF2", salt, iterations, hash: prf }, base,
    { name: "AES-CBC", length: bits }, false, ["decrypt"]);
  try {
    return new Uint8Array(await subtle.decrypt({ name: "AES-CBC", iv }, key, encrypted));
  } catch (error) {
    throw new Refusal("wrong_password");  // the padding does not come out: another password
  }
}

function pemBlocks(bytes) {
  // {label, der} of each PEM block, or null when the file is not PEM text.
  const text = new TextDecoder("latin1").decode(bytes);
  if (!text.includes("-----BEGIN ")) return null;
  const blocks = [];
  const pattern = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    const binary = atob(match[2].replace(/\s+/g, ""));
    blocks.push({ label: match[1], der: Uint8Array.from(binary, (c) => c.charCodeAt(0)) });
  }
  return blocks;
}

function encryptedPkcs8(bytes) {
  // An EncryptedPrivateKeyInfo with PBES2 + AES (DER, or PEM "ENCRYPTED PRIVATE KEY" with the
  // certificates after it, as tools write a .pem key), else null.
  const blocks = pemBlocks(bytes);
  const keyDer = blocks ? (blocks.find((b) => b.label === "ENCRYPTED PRIVATE KEY") || {}).der : bytes;
  if (!keyDer) return null;
  try {
    const info = der.parse(keyDer);
    const algorithm = info.children[0];
    if (der.oid(algorithm.children[0]) !== OID.pbes2) return null;
    if (!AES[der.oid(algorithm.children[1].children[1].children[0])]) return null;
    return { algorithm, encrypted: info.children[1].content,
      certificates: (blocks || []).filter((b) => b.label === "CERTIFICATE").map((b) => b.der) };
  } catch (ignore) {
    return null;
  }
}

async function openPkcs12(bytes, password) {
  const pkcs8 = encryptedPkcs8(bytes);
  if (pkcs8) {
    return { keys: [await pbes2Decrypt(pkcs8.algorithm, pkcs8.encrypted, password)],
      certificates: pkcs8.certificates };
  }
  const keys = [];
  const certificates = [];
  const bags = async (safeContents) => {
    for (const bag of der.parse(safeContents).children) {
      const type = der.oid(bag.children[0]);
      const value = bag.children[1].children[0];
      if (type === OID.certBag && der.oid(value.children[0]) === OID.x509Certificate) {
        certificates.push(der.explicitOctets(value));
      } else if (type === OID.shroudedKeyBag) {
        keys.push(await pbes2Decrypt(value.children[0], value.children[1].content, password));
      } else if (type === OID.keyBag) {
        keys.push(value.bytes);
      }
    }
  };
  for (const info of pkcs12Safes(bytes)) {
    const type = der.oid(info.children[0]);
    if (type === OID.data) {
      await bags(der.explicitOctets(info));
    } else if (type === OID.encryptedData) {
      const encryptedContentInfo = info.children[1].children[0].children[1];
      const [, algorithm, encrypted] = encryptedContentInfo.children;
      await bags(await pbes2Decrypt(algorithm, encrypted.content, password));
    }
  }
  return { keys, certificates };
}

function webCryptoAlgorithm(privateKeyInfo) {
  const algorithm = der.parse(privateKeyInfo).children[1];
  const oid = der.oid(algorithm.children[0]);
  if (oid === OID.ecPublicKey) {
    const namedCurve = CURVES[der.oid(algorithm.children[1])];
    if (!namedCurve) throw new Refusal("unsupported_algorithm");
    return { importAs: { name: "ECDSA", namedCurve }, sign: { name: "ECDSA", hash: "SHA-256" },
      signatureOid: OID.ecdsaSha256, signatureParams: null };
  }
  if (oid === OID.rsaEncryption) {
    return { importAs: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, sign: { name: "RSASSA-PKCS1-v1_5" },
      signatureOid: OID.rsaSha256, signatureParams: der.null_() };
  }
  throw new Refusal("unsupported_algorithm");
}

function ecdsaToDer(raw) {
  const half = raw.length / 2;
  return der.sequence([der.integerFromBytes(raw.slice(0, half)), der.integerFromBytes(raw.slice(half))]);
}

function algorithmIdentifier(oid, params) {
  return der.sequence(params ? [der.oidNode(oid), params] : [der.oidNode(oid)]);
}

async function signStandard(keyBytes, password, certificateBytes, nonce, signTime) {
  let opened;
  try {
    opened = await openPkcs12(keyBytes, password);
  } catch (error) {
    throw error instanceof Refusal ? error : new Refusal("not_a_key_file");
  }
  if (!opened.keys.length) throw new Refusal("not_a_key_file");
  const subtle = globalThis.crypto.subtle;
  const certificates = [...opened.certificates, ...certificateBytes.flatMap((bytes) => {
    const blocks = pemBlocks(bytes);
    return blocks ? blocks.filter((b) => b.label === "CERTIFICATE").map((b) => b.der) : [bytes];
  })];
  if (!certificates.length) throw new Refusal("certificate_missing");
  const keyInfo = opened.keys[0];
  let alg;
  let key;
  try {
    alg = webCryptoAlgorithm(keyInfo);
    key = await subtle.importKey("pkcs8", keyInfo, alg.importAs, false, ["sign"]);
  } catch (error) {
    throw error instanceof Refusal ? error : new Refusal("wrong_password");
  }
  const probe = new TextEncoder().encode("cbi-key-certificate-match");
  const probeSignature = await subtle.sign({ ...alg.sign, ...alg.importAs }, key, probe);
  let certificate = null;
  for (const candidate of certificates) {
    try {
      const spki = der.parse(candidate).children[0].children.find((node, index) => index >= 5 && node.tag === 0x30
        && node.children.length === 2 && node.children[1].tag === 0x03);
      const pub = await subtle.importKey("spki", spki.bytes, alg.importAs, false, ["verify"]);
      if (await subtle.verify({ ...alg.sign, ...alg.importAs }, pub, probeSignature, probe)) {
        certificate = candidate;
        break;
      }
    } catch (ignore) {
      // not a certificate of this kind of key
    }
  }
  if (!certificate) throw new Refusal("key_certificate_mismatch");
  const tbs = der.parse(certificate).children[0].children;
  const serial = tbs[1];
  const issuer = tbs[3];
  const sha256 = async (data) => new Uint8Array(await subtle.digest("SHA-256", data));
  const attributes = der.setOf([
    der.sequence([der.oidNode(OID.contentType), der.set([der.oidNode(OID.data)])]),
    der.sequence([der.oidNode(OID.signingTime), der.set([der.utcTime(new Date(signTime * 1000))])]),
    der.sequence([der.oidNode(OID.messageDigest), der.set([der.octets(await sha256(nonce))])]),
    der.sequence([der.oidNode(OID.signingCertificateV2), der.set([
      der.sequence([der.sequence([der.sequence([der.octets(await sha256(certificate))])])]),
    ])]),
  ]);
  let signature = new Uint8Array(await subtle.sign({ ...alg.sign, ...alg.importAs }, key, attributes));
  if (alg.importAs.name === "ECDSA") signature = ecdsaToDer(signature);
  const signerInfo = der.sequence([
    der.integerFromBytes(new Uint8Array([1])),
    der.sequence([der.raw(issuer.bytes), der.raw(serial.bytes)]),
    algorithmIdentifier(OID.sha256),
    der.retag(attributes, 0xa0),
    algorithmIdentifier(alg.signatureOid, alg.signatureParams),
    der.octets(signature),
  ]);
  const signedData = der.sequence([
    der.integerFromBytes(new Uint8Array([1])),
    der.set([algorithmIdentifier(OID.sha256)]),
    der.sequence([der.oidNode(OID.data)]),
    der.tagged(0xa0, [der.raw(certificate)]),
    der.set([signerInfo]),
  ]);
  return der.sequence([der.oidNode(OID.signedData), der.tagged(0xa0, [signedData])]);
}

// --- The page ---------------------------------------------------------------------------------

// A PKCS#12 for WebCrypto: PBES2 with AES (opened here), or the legacy PKCS#12 PBE schemes
// (3DES/RC2 with SHA-1: said to be unsupported). PBES2 with GOST 28147 is a DSTU one (jkurwa).
function standardEncryption(algorithm) {
  const oid = der.oid(algorithm.children[0]);
  if (oid.startsWith("1.2.840.113549.1.12.1.")) return true;
  return oid === OID.pbes2 && Boolean(AES[der.oid(algorithm.children[1].children[1].children[0])]);
}

function isStandardPkcs12(bytes) {
  if (encryptedPkcs8(bytes)) return true;
  try {
    for (const info of pkcs12Safes(bytes)) {
      const type = der.oid(info.children[0]);
      if (type === OID.encryptedData) {
        return standardEncryption(info.children[1].children[0].children[1].children[1]);
      }
      if (type === OID.data) {
        for (const bag of der.parse(der.explicitOctets(info)).children) {
          if (der.oid(bag.children[0]) === OID.shroudedKeyBag) {
            return standardEncryption(bag.children[1].children[0].children[0]);
          }
        }
      }
    }
  } catch (ignore) {
    return false;
  }
  return false;
}

async function sign({ keyBytes, password, certificateBytes, nonce, signTime }) {
  if (isStandardPkcs12(keyBytes)) {
    return signStandard(keyBytes, password, certificateBytes, nonce, signTime);
  }
  return signDstu(keyBytes, password, certificateBytes, nonce, signTime);
}

function base64(bytes) {
  let text = "";
  for (let index = 0; index < bytes.length; index += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(index, index + 0x8000));
  }
  return btoa(text);
}

async function readFiles(input) {
  return Promise.all(Array.from(input.files || []).map(async (file) => new Uint8Array(await file.arrayBuffer())));
}

function start() {
  const widget = document.getElementById("kep-browser");
  if (!widget || !globalThis.crypto || !globalThis.crypto.subtle) return;
  const form = widget.closest("form");
  const keyInput = document.getElementById("kep-key-file");
  const certificateInput = document.getElementById("kep-certificate-file");
  const passwordInput = document.getElementById("kep-password");
  const button = document.getElementById("kep-sign");
  const status = document.getElementById("kep-status");
  const messages = JSON.parse(document.getElementById("kep-messages").textContent);
  const loadedAt = Date.now();
  const serverNow = Number(widget.dataset.now);
  widget.hidden = false;

  const say = (code, field) => {
    status.textContent = messages[code] || messages.not_a_key_file;
    status.hidden = false;
    for (const input of [keyInput, certificateInput, passwordInput]) input.removeAttribute("aria-invalid");
    if (field) {
      field.setAttribute("aria-invalid", "true");
      field.focus();
    }
  };

  const run = async () => {
    status.hidden = true;
    status.textContent = "";
    if (!keyInput.files || !keyInput.files.length) return say("choose_key", keyInput);
    if (!passwordInput.value) return say("enter_password", passwordInput);
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      const [keyBytes] = await readFiles(keyInput);
      const certificateBytes = await readFiles(certificateInput);
      const nonce = new TextEncoder().encode(widget.dataset.nonce);
      const signTime = Math.floor(serverNow + (Date.now() - loadedAt) / 1000);
      const signed = await sign({ keyBytes, password: passwordInput.value, certificateBytes, nonce, signTime });
      passwordInput.value = "";
      form.querySelector("input[name=signature]").value = base64(new Uint8Array(signed));
      form.submit();
    } catch (error) {
      const code = error instanceof Refusal ? error.code : "not_a_key_file";
      const field = { wrong_password: passwordInput, certificate_missing: certificateInput,
        key_certificate_mismatch: certificateInput }[code] || keyInput;
      say(code, field);
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  };

  button.addEventListener("click", run);
  passwordInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();  // Enter here signs; it does not send the form without a signature
      run();
    }
  });
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}

module.exports = { sign, Refusal };
