// PFX files for the reader's interoperability tests: made by openssl with the options under test
// (one RSA key and self-signed certificate, made once per process), or assembled from ASN.1 for what
// no tool here writes (a GOST key, the same key in two bags, a key alone, a file asking for absurd
// key-derivation work). Hand-made files use forge's own PBE and MAC code, independent of the reader.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import forge from 'node-forge';

export const EXTRA_PASSWORD = 'Extra-pässword 1';

interface Material {
  readonly dir: string;
  readonly keyPem: string;
  readonly certPem: string;
}

let material: Material | undefined;

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, {
    cwd: dir,
    env: { ...process.env, PFX_PASS: EXTRA_PASSWORD },
    stdio: 'pipe',
  });
}

/** The key and certificate every file here uses; the folder is removed when the process exits. */
function getMaterial(): Material {
  if (material) return material;
  const dir = mkdtempSync(join(tmpdir(), 'pfx-extra-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.crt',
    '-subj',
    '/CN=cmg.contoso.com',
    '-addext',
    'subjectAltName=DNS:cmg.contoso.com',
    '-addext',
    'extendedKeyUsage=serverAuth',
    '-days',
    '30',
  ]);
  material = {
    dir,
    keyPem: readFileSync(join(dir, 'leaf.key'), 'utf8'),
    certPem: readFileSync(join(dir, 'leaf.crt'), 'utf8'),
  };
  return material;
}

let counter = 0;

/** `openssl pkcs12 -export` of the shared key and certificate with `options`, password EXTRA_PASSWORD. */
export function opensslPfx(options: readonly string[]): Buffer {
  const { dir } = getMaterial();
  const out = `made-${process.pid}-${counter++}.pfx`;
  openssl(dir, [
    'pkcs12',
    '-export',
    '-inkey',
    'leaf.key',
    '-in',
    'leaf.crt',
    '-passout',
    'env:PFX_PASS',
    ...options,
    '-out',
    out,
  ]);
  const data = readFileSync(join(dir, out));
  rmSync(join(dir, out));
  return data;
}

export function sharedKeyPem(): string {
  return getMaterial().keyPem;
}

const { asn1 } = forge;
const seq = (items: forge.asn1.Asn1[]): forge.asn1.Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const oid = (value: string): forge.asn1.Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
const octets = (bytes: string): forge.asn1.Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const integer = (value: number): forge.asn1.Asn1 =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());
const explicit0 = (inner: forge.asn1.Asn1): forge.asn1.Asn1 =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [inner]);
const der = (node: forge.asn1.Asn1): string => asn1.toDer(node).getBytes();

/** A bag attribute "Microsoft CSP Name" (BMPString), as Windows writes it. */
function cspAttribute(provider: string): forge.asn1.Asn1 {
  // forge writes a BMPString value given as text in UTF-16BE itself.
  return seq([
    oid('1.3.6.1.4.1.311.17.1'),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, provider),
    ]),
  ]);
}

function bag(type: string, value: forge.asn1.Asn1, attributes: forge.asn1.Asn1[] = []): forge.asn1.Asn1 {
  const items = [oid(type), explicit0(value)];
  if (attributes.length > 0) items.push(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, attributes));
  return seq(items);
}

/** A shrouded key bag: the PrivateKeyInfo DER encrypted by forge with PBE-SHA1-3DES. */
export function shroudedKeyBag(privateKeyInfoDer: Buffer, cspName?: string): forge.asn1.Asn1 {
  const info = asn1.fromDer(privateKeyInfoDer.toString('binary'));
  const encrypted = forge.pki.encryptPrivateKeyInfo(info, EXTRA_PASSWORD, { algorithm: '3des', count: 2048 });
  return bag('1.2.840.113549.1.12.10.1.2', encrypted, cspName ? [cspAttribute(cspName)] : []);
}

/** A shrouded key bag that claims PBE-SHA1-3DES with `iterations` rounds over random bytes. */
export function claimedKeyBag(iterations: number): forge.asn1.Asn1 {
  const algorithm = seq([
    oid('1.2.840.113549.1.12.1.3'),
    seq([octets(forge.random.getBytesSync(8)), integer(iterations)]),
  ]);
  return bag('1.2.840.113549.1.12.10.1.2', seq([algorithm, octets(forge.random.getBytesSync(1200))]));
}

export function certBag(certPem: string = getMaterial().certPem): forge.asn1.Asn1 {
  const certDer = der(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certPem)));
  return bag('1.2.840.113549.1.12.10.1.3', seq([oid('1.2.840.113549.1.9.22.1'), explicit0(octets(certDer))]));
}

/** The shared RSA key as PKCS#8 DER. */
export function sharedKeyPkcs8(): Buffer {
  const key = forge.pki.privateKeyFromPem(getMaterial().keyPem);
  return Buffer.from(der(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))), 'binary');
}

/** A well-formed PKCS#8 key of GOST R 34.10-2012 (256 bits), which Node cannot load. */
export function gostPkcs8(): Buffer {
  const info = seq([
    integer(0),
    seq([oid('1.2.643.7.1.1.1.1'), seq([oid('1.2.643.7.1.2.1.1.1'), oid('1.2.643.7.1.1.2.2')])]),
    octets(der(octets(forge.random.getBytesSync(32)))),
  ]);
  return Buffer.from(der(info), 'binary');
}

/** A PFX whose one plain (unencrypted) SafeContents holds `bags`, with a SHA-1 MAC made by forge. */
export function assemblePfx(bags: forge.asn1.Asn1[], password: string = EXTRA_PASSWORD): Buffer {
  const safeContents = der(seq(bags));
  const authSafe = der(seq([seq([oid('1.2.840.113549.1.7.1'), explicit0(octets(safeContents))])]));
  const salt = forge.random.getBytesSync(8);
  const md = forge.md.sha1.create();
  const macKey = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt), 3, 2048, 20, md);
  const hmac = forge.hmac.create();
  hmac.start(md, macKey);
  hmac.update(authSafe);
  const macData = seq([
    seq([
      seq([oid('1.3.14.3.2.26'), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]),
      octets(hmac.digest().getBytes()),
    ]),
    octets(salt),
    integer(2048),
  ]);
  const pfx = seq([integer(3), seq([oid('1.2.840.113549.1.7.1'), explicit0(octets(authSafe))]), macData]);
  return Buffer.from(der(pfx), 'binary');
}

/** Writes `data` to a file in the shared folder (for CLI tests) and returns its path. */
export function writeExtraFile(name: string, data: Buffer): string {
  const path = join(getMaterial().dir, name);
  writeFileSync(path, data);
  return path;
}
