// The HTTP server itself, against the real binary: HTTPS with a certificate (and HSTS only under
// TLS), the access log reopened on SIGHUP (log rotation), and the static web app revalidated
// against the disk (ETag, 304, a rebuilt file served without a restart).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, renameSync, existsSync, rmSync, mkdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import net from 'node:net';
import { startServer, freePort, ADMIN_PASSWORD } from '../harness.mjs';

const BIN = process.env.HIREFLOW_BIN || new URL('../../build/hireflow', import.meta.url).pathname;

function httpsGet(port, path, ca) {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path, ca, servername: 'localhost' }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

// Waits until `check` resolves true or the process exits (no fixed sleeps).
async function until(proc, check, what) {
  let exited = false;
  proc.on('exit', () => { exited = true; });
  for (let i = 0; i < 600; i++) {
    if (exited) throw new Error(`server exited while waiting for ${what}`);
    try { if (await check()) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('HTTPS', () => {
  let dir, proc, port, ca;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hireflow-tls-'));
    // A self-signed certificate for localhost/127.0.0.1, made by the real openssl.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    ca = readFileSync(join(dir, 'cert.pem'));
    port = await freePort();
    proc = spawn(BIN, ['serve', '--data', join(dir, 'data'), '--port', String(port), '--bind', '127.0.0.1',
      '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')],
    { env: { ...process.env, HIREFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD }, stdio: 'ignore' });
    await until(proc, async () => (await httpsGet(port, '/readyz', ca)).status === 200, 'HTTPS readiness');
  });
  after(() => { proc.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); });

  test('answers over TLS with a certificate the client verifies, and sends HSTS', async () => {
    const r = await httpsGet(port, '/healthz', ca);
    assert.equal(r.status, 200);
    assert.match(r.headers['strict-transport-security'], /max-age=\d+/);
    const login = await new Promise((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port, path: '/api/v1/auth/login', method: 'POST', ca, servername: 'localhost',
        headers: { 'content-type': 'application/json' } }, (res) => { res.resume(); res.on('end', () => resolve(res)); });
      req.on('error', reject);
      req.end(JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }));
    });
    assert.equal(login.statusCode, 200);
    // Session cookies under TLS carry Secure.
    assert.ok(login.headers['set-cookie'].some((c) => /hf_session=/.test(c) && /;\s*Secure/i.test(c)), login.headers['set-cookie'].join(' | '));
  });

  test('refuses a client that does not trust the certificate, and plain HTTP on the TLS port', async () => {
    await assert.rejects(httpsGet(port, '/healthz', undefined), /self[- ]signed|certificate/i);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
  });
});

// Sends raw bytes on one connection and collects everything until the server closes it.
function rawExchange(port, text) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.end(text));
    const chunks = [];
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    sock.on('error', reject);
  });
}

// Splits a byte stream into responses by their Content-Length (none: no body).
function parseResponses(text, methods) {
  const out = [];
  let at = 0;
  for (const method of methods) {
    const end = text.indexOf('\r\n\r\n', at);
    assert.ok(end >= 0, `response ${out.length + 1} has a complete header block`);
    const [statusLine, ...lines] = text.slice(at, end).split('\r\n');
    const headers = {};
    for (const l of lines) {
      const i = l.indexOf(':');
      headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
    }
    const len = method === 'HEAD' || headers['content-length'] === undefined ? 0 : Number(headers['content-length']);
    out.push({ statusLine, headers, body: text.slice(end + 4, end + 4 + len) });
    at = end + 4 + len;
  }
  return { responses: out, rest: text.slice(at) };
}

describe('plain HTTP server behaviour', () => {
  let server, webDir, logFile;
  before(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'hireflow-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>v1</title><p>first build</p>');
    writeFileSync(join(webDir, 'assets', 'app-1.js'), 'console.log(1)');
    const data = mkdtempSync(join(tmpdir(), 'hireflow-srv-'));
    logFile = join(data, 'access.log');
    server = await startServer({ dataDir: data, extraArgs: ['--web', webDir, '--access-log', logFile] });
  });
  after(async () => { await server.stop(); rmSync(webDir, { recursive: true, force: true }); rmSync(server.dir, { recursive: true, force: true }); });

  test('frames responses exactly: pipelined keep-alive requests, HEAD, 304, HTTP/1.0 and Connection: close', async () => {
    const port = new URL(server.base).port;
    const etag = (await fetch(`${server.base}/`)).headers.get('etag');
    const req = (m, path, extra = '') => `${m} ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;
    const text = await rawExchange(port, req('GET', '/healthz') + req('HEAD', '/readyz') + req('GET', '/', `If-None-Match: ${etag}\r\n`) +
      req('GET', '/api/v1/nothing-here', 'Connection: close\r\n'));
    const { responses: [a, b, c, d], rest } = parseResponses(text, ['GET', 'HEAD', 'GET', 'GET']);
    assert.equal(rest, '', 'nothing after the last response');
    assert.equal(a.statusLine, 'HTTP/1.1 200 OK');
    assert.equal(Number(a.headers['content-length']), Buffer.byteLength(a.body));
    assert.ok(JSON.parse(a.body));
    assert.equal(a.headers.connection, undefined, 'HTTP/1.1 keep-alive needs no Connection header');
    assert.equal(a.headers['x-content-type-options'], 'nosniff');
    assert.ok(a.headers['x-request-id']);
    assert.equal(b.statusLine, 'HTTP/1.1 200 OK');
    assert.ok(Number(b.headers['content-length']) > 0, 'HEAD announces the length of the body it does not send');
    assert.equal(b.body, '');
    assert.equal(c.statusLine, 'HTTP/1.1 304 Not Modified');
    assert.equal(c.headers['content-length'], undefined);
    assert.equal(d.statusLine, 'HTTP/1.1 404 Not Found');
    assert.equal(d.headers.connection, 'close');
    assert.equal(d.headers['content-type'], 'application/problem+json');
    assert.equal(JSON.parse(d.body).status, 404);
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id'], 'each request gets its own id');

    // HTTP/1.0: closed after the answer unless the client asks to keep the connection.
    const old = await rawExchange(port, 'GET /healthz HTTP/1.0\r\n\r\n');
    const { responses: [o] } = parseResponses(old, ['GET']);
    assert.equal(o.statusLine, 'HTTP/1.0 200 OK');
    assert.equal(o.headers.connection, undefined);
    const kept = await rawExchange(port, 'GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /healthz HTTP/1.0\r\n\r\n');
    const { responses: [k1, k2], rest: after10 } = parseResponses(kept, ['GET', 'GET']);
    assert.equal(k1.headers.connection, 'keep-alive');
    assert.equal(k2.statusLine, 'HTTP/1.0 200 OK');
    assert.equal(after10, '');
  });

  test('no HSTS without TLS', async () => {
    const r = await fetch(`${server.base}/healthz`);
    assert.equal(r.headers.get('strict-transport-security'), null);
  });

  test('SIGHUP reopens the access log so that a rotated file is not written to any more', async () => {
    await fetch(`${server.base}/healthz?before-rotation`);
    await until(server.proc, () => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('before-rotation'), 'first log line');
    renameSync(logFile, logFile + '.1');
    server.proc.kill('SIGHUP');
    // The server keeps serving; once the log is reopened, new requests land in a new file.
    await until(server.proc, async () => {
      await fetch(`${server.base}/healthz?after-rotation`);
      return existsSync(logFile) && readFileSync(logFile, 'utf8').includes('after-rotation');
    }, 'reopened log');
    assert.ok(!readFileSync(logFile, 'utf8').includes('before-rotation'));
    assert.ok(readFileSync(logFile + '.1', 'utf8').includes('before-rotation'));
    assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
  });

  test('static files carry an ETag, answer 304 when unchanged, and a rebuilt file is served without a restart', async () => {
    const first = await fetch(`${server.base}/`);
    assert.equal(first.status, 200);
    assert.match(await first.text(), /first build/);
    const etag = first.headers.get('etag');
    assert.ok(etag);
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    const again = await fetch(`${server.base}/`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');

    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>v2</title><p>second build, longer</p>');
    const future = new Date(Date.now() + 5000);
    utimesSync(join(webDir, 'index.html'), future, future);
    const rebuilt = await fetch(`${server.base}/`, { headers: { 'if-none-match': etag } });
    assert.equal(rebuilt.status, 200);
    assert.match(await rebuilt.text(), /second build/);
    assert.notEqual(rebuilt.headers.get('etag'), etag);

    const asset = await fetch(`${server.base}/assets/app-1.js`);
    assert.match(asset.headers.get('cache-control'), /immutable/);
    assert.equal((await fetch(`${server.base}/assets/app-2.js`)).status, 404);
  });
});
