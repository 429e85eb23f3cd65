// Timing helpers shared by the page and Node: batches of operations, the
// implementations interleaved sample by sample so drift hits them alike.

export function quantile(values, q) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);

/**
 * CPU per operation with an instant stub transport, in steady state: first
 * `warmup` ops of every kind per client (all kinds before any timing: a kind
 * timed first would otherwise still pay for the JIT and wasm tier-up), then
 * per op `samples` rounds; in each round every client (order rotated) runs
 * `batch` sequential ops, timed as one sample (ns/op).
 * `router.tag` names the client being run, so the stub counts its requests.
 */
export async function measureCpu({ clients, ops, ctx, router, batch, samples, warmup, now }) {
  const names = Object.keys(clients);
  const result = {};
  let i = 0;
  for (const fn of Object.values(ops)) {
    for (const n of names) {
      router.tag = `${n}:warmup`;
      for (let k = 0; k < warmup; k++) await fn(clients[n], i++, ctx);
    }
  }
  for (const [op, fn] of Object.entries(ops)) {
    const perOp = Object.fromEntries(names.map((n) => [n, []]));
    for (const n of names) router.counts[`${n}:${op}`] = {};
    for (let s = 0; s < samples; s++) {
      for (let j = 0; j < names.length; j++) {
        const n = names[(s + j) % names.length];
        const c = clients[n];
        router.tag = `${n}:${op}`;
        const t0 = now();
        for (let k = 0; k < batch; k++) await fn(c, i++, ctx);
        perOp[n].push(((now() - t0) * 1e6) / batch);
      }
    }
    result[op] = {};
    for (const n of names) {
      const counted = router.counts[`${n}:${op}`];
      const requests = Object.values(counted).reduce((a, b) => a + b, 0);
      result[op][n] = {
        medianNs: median(perOp[n]),
        p95Ns: quantile(perOp[n], 0.95),
        minNs: Math.min(...perOp[n]),
        ops: samples * batch,
        samples,
        requestsPerOp: requests / (samples * batch),
        requests: counted,
      };
    }
  }
  return result;
}
