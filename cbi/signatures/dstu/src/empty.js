// Node built-ins jkurwa requires for its server-side helpers (key files from disk, OCSP over HTTP): not used in the browser.
module.exports = {};
