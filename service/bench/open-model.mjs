// GET /api/v1/users/{id} at a constant arrival rate: request n is due at start + n / RATE seconds and is sent then,
// whether or not earlier requests have answered, and its latency counts from that due time, so a stalled service
// shows as queueing in the latencies instead of slowing the load down (an open model). Run by open-model.sh.
//
// Environment: PORT, RATE (req/s), DURATION (s, measured), WARM_UP (s, sent the same way, not measured), TOKEN,
// IDS_FILE (one user id a line), CONNECTIONS (keep-alive connections, default 64), TIMELINE (a file: each measured
// 100 ms by due time, with its request count, p50, p99, max latency and how late the generator sent, so a stall can be
// told from steady queueing, and the service's stalls from the generator's).
// Prints one line:
// RESULT rate=... requests=... ko=... p50_ms=... p99_ms=... max_ms=... sent_rps=... generator_cpu_us_per_request=...
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

const rate = Number(process.env.RATE);
const duration = Number(process.env.DURATION ?? 30);
const warmUp = Number(process.env.WARM_UP ?? 10);
const connections = Number(process.env.CONNECTIONS ?? 64);
if (!(rate > 0) || !(duration > 0) || !(warmUp >= 0) || !process.env.TOKEN || !process.env.IDS_FILE) {
  console.error('open-model: RATE, DURATION, WARM_UP, TOKEN and IDS_FILE are required');
  process.exit(2);
}
const ids = readFileSync(process.env.IDS_FILE, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean);
const headers = { authorization: `Bearer ${process.env.TOKEN}` };
const pool = new Pool(`http://localhost:${process.env.PORT ?? 8000}`, { connections, pipelining: 1 });

const warmUpRequests = Math.round(rate * warmUp);
const total = warmUpRequests + Math.round(rate * duration);
const latencies = new Float64Array(total - warmUpRequests);
const dueTimes = new Float64Array(total - warmUpRequests);
const sendDelays = new Float64Array(total - warmUpRequests);
let measured = 0;
let failed = 0;
let answered = 0;
let sent = 0;
let firstMeasuredAt = 0;
let lastMeasuredSentAt = 0;
let cpuAtMeasureStart;

function send(n, dueAt) {
  const id = ids[n % ids.length];
  const counts = n >= warmUpRequests;
  if (counts) sendDelays[n - warmUpRequests] = performance.now() - dueAt;
  const finish = (ok) => {
    answered++;
    if (counts) {
      dueTimes[measured] = dueAt;
      latencies[measured++] = performance.now() - dueAt;
      if (!ok) failed++;
    }
    if (answered === total) report();
  };
  pool.request({ path: `/api/v1/users/${id}`, method: 'GET', headers })
    .then(async (response) => {
      await response.body.dump();
      finish(response.statusCode === 200);
    })
    .catch(() => finish(false));
}

const start = performance.now();
function tick() {
  const now = performance.now();
  const due = Math.min(total, Math.floor(((now - start) / 1000) * rate) + 1);
  while (sent < due) {
    if (sent === warmUpRequests) {
      firstMeasuredAt = now;
      cpuAtMeasureStart = process.cpuUsage();
    }
    send(sent, start + (sent * 1000) / rate);
    sent++;
  }
  if (sent < total) {
    setTimeout(tick, 1);
  } else {
    lastMeasuredSentAt = now;
  }
}
tick();

// A request that never answers must not hang the run: report what came back 30 s after the last one was sent.
setTimeout(function watchdog() {
  if (sent < total || performance.now() - lastMeasuredSentAt < 30_000) {
    setTimeout(watchdog, 1000);
    return;
  }
  failed += latencies.length - measured;
  report();
}, 1000).unref();

let reported = false;
function report() {
  if (reported) return;
  reported = true;
  if (process.env.TIMELINE) writeTimeline(process.env.TIMELINE);
  const values = Array.from(latencies.subarray(0, measured)).sort((a, b) => a - b);
  const at = (q) => (values.length ? values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)] : NaN);
  const cpu = process.cpuUsage(cpuAtMeasureStart);
  const sentSeconds = (lastMeasuredSentAt - firstMeasuredAt) / 1000;
  const requests = latencies.length;
  console.log(`RESULT rate=${rate} requests=${requests} ko=${failed} p50_ms=${at(0.5).toFixed(2)}`
    + ` p99_ms=${at(0.99).toFixed(2)} max_ms=${values.length ? values[values.length - 1].toFixed(2) : 'NaN'}`
    + ` sent_rps=${sentSeconds > 0 ? (requests / sentSeconds).toFixed(0) : 'NaN'}`
    + ` generator_cpu_us_per_request=${((cpu.user + cpu.system) / requests).toFixed(0)}`);
  pool.destroy().finally(() => process.exit(0));
}

function writeTimeline(file) {
  // Buckets of 100 ms by due time; send_late_ms is how late the generator itself sent (its own stalls, not the service's).
  const origin = start + (warmUpRequests * 1000) / rate;
  const bucketOf = (dueAt) => Math.floor((dueAt - origin) / 100);
  const buckets = new Map();
  const late = new Map();
  for (let i = 0; i < measured; i++) {
    const at = bucketOf(dueTimes[i]);
    if (!buckets.has(at)) buckets.set(at, []);
    buckets.get(at).push(latencies[i]);
  }
  for (let i = 0; i < sendDelays.length; i++) {
    const at = bucketOf(origin + (i * 1000) / rate);
    late.set(at, Math.max(late.get(at) ?? 0, sendDelays[i]));
  }
  const lines = ['due_s requests p50_ms p99_ms max_ms send_late_ms'];
  for (const at of [...buckets.keys()].sort((a, b) => a - b)) {
    const values = buckets.get(at).sort((a, b) => a - b);
    const q = (f) => values[Math.min(values.length - 1, Math.ceil(f * values.length) - 1)].toFixed(2);
    lines.push(`${(at / 10).toFixed(1)} ${values.length} ${q(0.5)} ${q(0.99)} ${values[values.length - 1].toFixed(2)}`
      + ` ${(late.get(at) ?? 0).toFixed(2)}`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
}
