// Builds a small PKI with openssl (root → RSA and EC issuing CAs → leaves) and exports PFX files in
// the variants the preflight must tell apart. Made once per test file (beforeAll) in a temp folder.
// Keys come from the committed test-key pool: generating 16 of them was most of the time.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import forge from 'node-forge';

import { createTestKeyPool, type TestKeyKind } from './test-keys';

export const FIXTURE_PASSWORD = 'Fixture-pässword "1"';
export const FIXTURE_CN = 'cmg.contoso.com';
export const SCHANNEL_CSP = 'Microsoft RSA SChannel Cryptographic Provider';
const DAY_MS = 24 * 60 * 60 * 1000;

export const FIXTURE_NAMES = [
  'good-default',
  'good-legacy',
  'good-3des',
  'good-csp',
  'empty-password',
  'windows-empty-password',
  'sha1-leaf',
  'client-auth-only',
  'expired',
  'not-yet-valid',
  'expires-in-10-days',
  'ec-intermediate',
  'ec-leaf',
  'rsa-1024',
  'self-signed',
  'missing-intermediate',
  'no-san',
  'legacy-cn',
  'no-key',
  'two-keys',
] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export interface PfxFixtures {
  readonly dir: string;
  readonly files: Readonly<Record<FixtureName, Buffer>>;
  readonly paths: Readonly<Record<FixtureName, string>>;
  /** Root, issuing CA and leaf PEM of the main chain, for tests that build their own files. */
  readonly pem: {
    readonly root: string;
    readonly intermediate: string;
    readonly leaf: string;
    readonly leafKey: string;
  };
  cleanup(): void;
}

type KeySpec = 'rsa2048' | 'rsa1024' | 'ec';

interface LeafSpec {
  name: string;
  key?: KeySpec;
  cn?: string;
  issuer?: 'int' | 'ecint';
  md?: 'sha256' | 'sha1';
  eku?: string;
  san?: boolean;
  startDays?: number;
  endDays?: number;
}

function openssl(cwd: string, args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function asnTime(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

const KEY_KINDS: Readonly<Record<KeySpec, TestKeyKind>> = {
  rsa2048: 'rsa2048',
  rsa1024: 'rsa1024',
  ec: 'p256',
};

function caConfig(dir: string): string {
  mkdirSync(join(dir, 'newcerts'), { recursive: true });
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  const config = [
    '[ca]',
    'default_ca = ca_default',
    '[ca_default]',
    `database = ${join(dir, 'index.txt')}`,
    `new_certs_dir = ${join(dir, 'newcerts')}`,
    `serial = ${join(dir, 'serial')}`,
    'default_md = sha256',
    'policy = policy_any',
    'unique_subject = no',
    'email_in_dn = no',
    '[policy_any]',
    'commonName = supplied',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'ca.cnf'), config);
  return join(dir, 'ca.cnf');
}

/** Recomputes the PFX MAC over its authSafe with `password` (`null`: Windows' empty password). */
export function remac(pfxDer: Buffer, password: string | null): Buffer {
  const pfx = forge.asn1.fromDer(pfxDer.toString('binary'));
  const parts = pfx.value as forge.asn1.Asn1[];
  const authSafeInfo = parts[1] as forge.asn1.Asn1;
  const octets = ((authSafeInfo.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1).value as forge.asn1.Asn1[];
  const authSafe = (octets[0] as forge.asn1.Asn1).value as string;
  const salt = forge.random.getBytesSync(8);
  const md = forge.md.sha1.create();
  const key = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt), 3, 2048, 20, md);
  const hmac = forge.hmac.create();
  hmac.start(md, key);
  hmac.update(authSafe);
  const { asn1 } = forge;
  const macData = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.3.14.3.2.26').getBytes()),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
      ]),
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, hmac.digest().getBytes()),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, salt),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(2048).getBytes()),
  ]);
  pfx.value = [parts[0] as forge.asn1.Asn1, authSafeInfo, macData];
  return Buffer.from(asn1.toDer(pfx).getBytes(), 'binary');
}

/** Joins the content infos of several PFX files made with the same password into one file. */
function mergePfx(files: Buffer[], password: string): Buffer {
  const infos: forge.asn1.Asn1[] = [];
  let first: forge.asn1.Asn1 | null = null;
  for (const file of files) {
    const pfx = forge.asn1.fromDer(file.toString('binary'));
    first ??= pfx;
    const authSafeInfo = (pfx.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1;
    const octets = ((authSafeInfo.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1)
      .value as forge.asn1.Asn1[];
    const sequence = forge.asn1.fromDer((octets[0] as forge.asn1.Asn1).value as string);
    infos.push(...(sequence.value as forge.asn1.Asn1[]));
  }
  const { asn1 } = forge;
  const merged = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, infos);
  const base = first as forge.asn1.Asn1;
  const authSafeInfo = (base.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1;
  ((authSafeInfo.value as forge.asn1.Asn1[])[1] as forge.asn1.Asn1).value = [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, asn1.toDer(merged).getBytes()),
  ];
  return remac(Buffer.from(asn1.toDer(base).getBytes(), 'binary'), password);
}

export function createPfxFixtures(now: Date = new Date()): PfxFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'pfx-fixtures-'));
  const nextKey = createTestKeyPool();
  const genKey = (file: string, spec: KeySpec): void =>
    writeFileSync(join(dir, file), nextKey(KEY_KINDS[spec]));
  const at = (days: number): string => asnTime(new Date(now.getTime() + days * DAY_MS));
  const ext = (name: string, lines: string[]): string => {
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
    return name;
  };
  // Root CA and two issuing CAs (RSA and ECDSA, as some public CAs now use).
  genKey('root.key', 'rsa2048');
  const caExt = ext('ca.ext', [
    'basicConstraints=critical,CA:true',
    'keyUsage=critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier=hash',
  ]);
  openssl(dir, [
    'req',
    '-x509',
    '-key',
    'root.key',
    '-out',
    'root.crt',
    '-subj',
    '/O=Fixture/CN=Fixture Root CA',
    '-days',
    '3650',
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const config = caConfig(dir);
  for (const [name, spec] of [
    ['int', 'rsa2048'],
    ['ecint', 'ec'],
  ] as const) {
    genKey(`${name}.key`, spec);
    openssl(dir, [
      'req',
      '-new',
      '-key',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/O=Fixture/CN=Fixture ${name === 'int' ? 'RSA' : 'ECC'} Issuing CA`,
    ]);
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'root.crt',
      '-CAkey',
      'root.key',
      '-set_serial',
      name === 'int' ? '2' : '3',
      '-days',
      '3000',
      '-sha256',
      '-extfile',
      caExt,
      '-out',
      `${name}.crt`,
    ]);
  }

  const issue = (spec: LeafSpec): { key: string; crt: string; chain: string } => {
    const key = `${spec.name}.key`;
    const crt = `${spec.name}.crt`;
    genKey(key, spec.key ?? 'rsa2048');
    const cn = spec.cn ?? FIXTURE_CN;
    openssl(dir, ['req', '-new', '-key', key, '-out', `${spec.name}.csr`, '-subj', `/O=Contoso/CN=${cn}`]);
    const lines = [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${spec.eku ?? 'serverAuth'}`,
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
    ];
    if (spec.san !== false) lines.push(`subjectAltName=DNS:${cn}`);
    const issuer = spec.issuer ?? 'int';
    openssl(dir, [
      'ca',
      '-batch',
      '-config',
      config,
      '-cert',
      `${issuer}.crt`,
      '-keyfile',
      `${issuer}.key`,
      '-in',
      `${spec.name}.csr`,
      '-out',
      crt,
      '-notext',
      '-md',
      spec.md ?? 'sha256',
      '-startdate',
      at(spec.startDays ?? -1),
      '-enddate',
      at(spec.endDays ?? 89),
      '-extfile',
      ext(`${spec.name}.ext`, lines),
    ]);
    return { key, crt, chain: issuer === 'int' ? 'chain-rsa.pem' : 'chain-ec.pem' };
  };
  writeFileSync(
    join(dir, 'chain-rsa.pem'),
    readFileSync(join(dir, 'int.crt'), 'utf8') + readFileSync(join(dir, 'root.crt'), 'utf8'),
  );
  writeFileSync(
    join(dir, 'chain-ec.pem'),
    readFileSync(join(dir, 'ecint.crt'), 'utf8') + readFileSync(join(dir, 'root.crt'), 'utf8'),
  );

  const files = {} as Record<FixtureName, Buffer>;
  const paths = {} as Record<FixtureName, string>;
  const exportPfx = (
    name: FixtureName,
    leaf: { key: string; crt: string; chain: string | null },
    extra: string[],
    pass = FIXTURE_PASSWORD,
  ): Buffer => {
    const out = `${name}.pfx`;
    const chain = leaf.chain ? ['-certfile', leaf.chain] : [];
    openssl(dir, [
      'pkcs12',
      '-export',
      '-inkey',
      leaf.key,
      '-in',
      leaf.crt,
      ...chain,
      '-name',
      FIXTURE_CN,
      '-passout',
      `pass:${pass}`,
      '-out',
      out,
      ...extra,
    ]);
    return readFileSync(join(dir, out));
  };
  const save = (name: FixtureName, data: Buffer): void => {
    writeFileSync(join(dir, `${name}.pfx`), data);
    files[name] = data;
    paths[name] = join(dir, `${name}.pfx`);
  };
  const tripleDes = ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'];

  const good = issue({ name: 'good' });
  save('good-default', exportPfx('good-default', good, []));
  save('good-legacy', exportPfx('good-legacy', good, ['-legacy']));
  save('good-3des', exportPfx('good-3des', good, tripleDes));
  save('good-csp', exportPfx('good-csp', good, [...tripleDes, '-CSP', SCHANNEL_CSP]));
  save('empty-password', exportPfx('empty-password', good, tripleDes, ''));
  save(
    'windows-empty-password',
    remac(
      exportPfx('windows-empty-password', good, ['-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac'], ''),
      null,
    ),
  );
  save('missing-intermediate', exportPfx('missing-intermediate', { ...good, chain: null }, tripleDes));
  save('no-key', exportPfx('no-key', good, ['-nokeys', ...tripleDes]));
  const other = issue({ name: 'other', cn: 'other.contoso.com' });
  save('two-keys', mergePfx([files['good-3des'], exportPfx('two-keys', other, tripleDes)], FIXTURE_PASSWORD));

  const variants: [FixtureName, Omit<LeafSpec, 'name'>][] = [
    ['sha1-leaf', { md: 'sha1' }],
    ['client-auth-only', { eku: 'clientAuth' }],
    ['expired', { startDays: -400, endDays: -35 }],
    ['not-yet-valid', { startDays: 10, endDays: 100 }],
    ['expires-in-10-days', { startDays: -80, endDays: 10 }],
    ['ec-intermediate', { issuer: 'ecint' }],
    ['ec-leaf', { key: 'ec' }],
    ['rsa-1024', { key: 'rsa1024' }],
    ['no-san', { san: false }],
    ['legacy-cn', { cn: 'contosocmg.cloudapp.net' }],
  ];
  for (const [name, spec] of variants) save(name, exportPfx(name, issue({ name, ...spec }), tripleDes));

  genKey('self.key', 'rsa2048');
  openssl(dir, [
    'req',
    '-x509',
    '-key',
    'self.key',
    '-out',
    'self.crt',
    '-subj',
    `/CN=${FIXTURE_CN}`,
    '-days',
    '90',
    '-sha256',
    '-addext',
    `subjectAltName=DNS:${FIXTURE_CN}`,
    '-addext',
    'extendedKeyUsage=serverAuth',
  ]);
  save('self-signed', exportPfx('self-signed', { key: 'self.key', crt: 'self.crt', chain: null }, tripleDes));

  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  return {
    dir,
    files,
    paths,
    pem: {
      root: read('root.crt'),
      intermediate: read('int.crt'),
      leaf: read('good.crt'),
      leafKey: read('good.key'),
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
