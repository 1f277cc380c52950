// Opens N idle keep-alive connections (each sends one request and then stays open), then checks
// that new requests are still answered, and reports how long one took. Bounded in count and time.
import net from 'node:net';

const [host, port, nStr, cookie] = process.argv.slice(2);
const N = Number(nStr);
const sockets = [];
let opened = 0, failed = 0;
const req = `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`;
await new Promise((resolve) => {
  let pending = 0, i = 0;
  const next = () => {
    while (pending < 500 && i < N) {
      i++; pending++;
      const s = net.connect(Number(port), host, () => { s.write(req); });
      s.once('data', () => { opened++; pending--; sockets.push(s); if (opened + failed === N) resolve(); else next(); });
      s.on('error', () => { failed++; pending--; if (opened + failed === N) resolve(); else next(); });
      s.setTimeout(30000, () => s.destroy());
    }
  };
  next();
});
const t0 = performance.now();
let ok = 0;
for (let k = 0; k < 20; k++) {
  const r = await fetch(`http://${host}:${port}/api/v1/employees?limit=50`, { headers: { cookie } });
  if (r.ok) ok++;
  await r.arrayBuffer();
}
const ms = (performance.now() - t0) / 20;
console.log(`idle connections held: ${opened} of ${N} (failed ${failed}); new requests ok: ${ok}/20, mean ${ms.toFixed(1)} ms each`);
for (const s of sockets) s.destroy();
process.exit(opened === N && ok === 20 ? 0 : 1);
