// CertUtils.getRolesFromOU's format and BookieAuthZFactory's configuration checks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bookieSecurityOf, rolesFromCertificate } from './connection-security.js';

const cert = (OU: string | string[] | undefined) => ({ subject: (OU === undefined ? { CN: 'x' } : { CN: 'x', OU }) as never });

describe('certificate roles (OU "0:role,role;1:cluster")', () => {
  test('field 0 is the comma-separated role list, trimmed; other fields are ignored', () => {
    assert.deepEqual(rolesFromCertificate(cert('0:writer, reader;1:cluster-a')), ['writer', 'reader']);
    assert.deepEqual(rolesFromCertificate(cert('1:cluster-a;0:admin')), ['admin']);
    assert.deepEqual(rolesFromCertificate(cert(' 0 :x')), undefined); // the code must be digits right before ':'
  });
  test('no OU, or no role field: no roles', () => {
    assert.equal(rolesFromCertificate(cert(undefined)), undefined);
    assert.equal(rolesFromCertificate(cert('engineering')), undefined);
    assert.equal(rolesFromCertificate(cert('1:cluster-a')), undefined);
  });
  test('several OUs: the first one counts, as LdapName iteration in CertUtils finds it', () => {
    assert.deepEqual(rolesFromCertificate(cert(['0:first', '0:second'])), ['first']);
  });
});

describe('bookie security configuration', () => {
  const authz = 'org.apache.bookkeeper.tls.BookieAuthZFactory';
  test('nothing configured: no TLS, no authorization', () => {
    assert.deepEqual(bookieSecurityOf({}), {});
  });
  test('refusals: unknown factories, BookieAuthZFactory without roles or without TLS', () => {
    assert.throws(() => bookieSecurityOf({ tlsProviderFactoryClass: 'com.example.Other' }), { code: 'CONFIG_INVALID' });
    assert.throws(() => bookieSecurityOf({ bookieAuthProviderFactoryClass: 'org.apache.bookkeeper.auth.SASLBookieAuthProviderFactory' }), { code: 'CONFIG_INVALID' });
    assert.throws(() => bookieSecurityOf({ bookieAuthProviderFactoryClass: authz }), /no roles set for configuration field 'authorizedRoles'/);
    assert.throws(() => bookieSecurityOf({ bookieAuthProviderFactoryClass: authz, authorizedRoles: ['a', ' '] }), /authorizedRoles/);
    assert.throws(() => bookieSecurityOf({ bookieAuthProviderFactoryClass: authz, authorizedRoles: ['a'] }), /configure TLS/);
  });
});
