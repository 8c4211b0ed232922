// Which `hosts` entry a connection dials (k6's lib/types/hosts_test.go cases) and which `tlsAuth`
// entry it presents.
import { describe, expect, it } from 'vitest';
import { clientCertificateFor, type ClientCertificate } from '../../../src/net/client-certificates.js';
import { HostOverrides } from '../../../src/net/host-overrides.js';

describe('HostOverrides (k6 hosts)', () => {
  const hosts = new HostOverrides({
    'simple.io': '1.2.3.4',
    'simple.io:80': '1.2.3.4:80',
    'simple.io:443': '1.2.3.4:8443',
    'only-port.io:443': '5.6.7.8:8443',
    '*.wildcard.io': '9.10.11.12',
    'specific.wildcard.io': '90.100.110.120',
    '*wildcard-2.io': '13.14.15.16',
    'specific.wildcard-2.io': '130.140.150.160',
    'with-UPPER-case.io': '17.18.19.20',
    'simple-ipv6.io:443': '[aa::bb]:8443',
  });
  const dial = (name: string, port: number): string | undefined => {
    const target = hosts.match(name, port);
    return target === undefined ? undefined : `${target.address}:${target.port}`;
  };

  it.each([
    ['simple.io', 8080, '1.2.3.4:8080'],
    ['simple.io', 80, '1.2.3.4:80'],
    ['simple.io', 443, '1.2.3.4:8443'],
    ['only-port.io', 443, '5.6.7.8:8443'],
    ['only-port.io', 9999, undefined],
    ['with-upper-case.io', 80, '17.18.19.20:80'],
    ['WITH-upper-CASE.io', 80, '17.18.19.20:80'],
    ['foo.wildcard.io', 80, '9.10.11.12:80'],
    ['specific.wildcard.io', 80, '90.100.110.120:80'],
    ['not.specific.wildcard.io', 80, '9.10.11.12:80'],
    ['wildcard.io', 80, undefined],
    ['wildcard-2.io', 80, '13.14.15.16:80'],
    ['prefixwildcard-2.io', 80, '13.14.15.16:80'],
    ['specific.wildcard-2.io', 80, '130.140.150.160:80'],
    ['not.specific.wildcard-2.io', 80, '13.14.15.16:80'],
    ['simple-ipv6.io', 443, 'aa::bb:8443'],
    ['unknown.io', 80, undefined],
  ])('%s:%d dials %s', (name, port, expected) => {
    expect(dial(name, port)).toBe(expected);
  });
});

describe('clientCertificateFor (tlsAuth domains)', () => {
  const entry = (...domains: string[]): ClientCertificate => ({ cert: '', key: '', password: null, domains });

  it('picks an exact domain before a wildcard, a wildcard covering one label, then an entry without domains', () => {
    const entries = [entry('*.example.com'), entry('api.example.com'), entry()];
    expect(clientCertificateFor(entries, 'api.example.com')).toBe(1);
    expect(clientCertificateFor(entries, 'WWW.Example.com')).toBe(0);
    expect(clientCertificateFor(entries, 'a.b.example.com')).toBe(2);
    expect(clientCertificateFor(entries, 'example.com')).toBe(2);
  });

  it('presents nothing to a host no entry names when every entry has domains', () => {
    expect(clientCertificateFor([entry('127.0.0.1')], 'localhost')).toBe(-1);
    expect(clientCertificateFor([entry('127.0.0.1')], '127.0.0.1')).toBe(0);
    expect(clientCertificateFor([], 'localhost')).toBe(-1);
  });
});
