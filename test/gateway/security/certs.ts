// The TLS test certificates live in harness/ (the TLS benchmark makes them too).
export * from '../../../harness/certificates.js';
