import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Driver } from '../support/databases.js';
import { compressionBombPdf } from '../support/hostile-pdfs.js';
import type { BenchServer } from './bench-server.js';

/** The flags `npm start` gives Node, so that the bench measures the service as it is run. */
export function serviceNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { scripts: { start: string } };
  const command = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+dist\/src\/main\.js/.exec(scripts.start);
  if (!command) throw new Error(`npm start no longer runs "node … dist/src/main.js" (it runs "${scripts.start}"): update the bench.`);
  return command[1].trim().split(/\s+/).filter(Boolean);
}

/** The bench's own server in a child process, with the service's Node flags; stopped by the caller. */
export function startBenchServer(
  driver: Driver,
  scale: number,
  nodeFlags = serviceNodeFlags(),
  extraArgs: string[] = [],
): Promise<{ server: BenchServer; child: ChildProcess; stop: () => Promise<void> }> {
  return spawnServer<BenchServer>([driver, String(scale), ...extraArgs], nodeFlags);
}

/** Another instance of the service on a bench server's database: as after a restart, or a second behind a load balancer. */
export function startAnotherInstance(driver: Driver, on: BenchServer) {
  return spawnServer<Pick<BenchServer, 'port' | 'pid'>>([driver, 'sharing', JSON.stringify(on.database)], serviceNodeFlags());
}

async function spawnServer<Server>(
  args: string[],
  nodeFlags: string[],
): Promise<{ server: Server; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [...nodeFlags, resolve(import.meta.dirname, 'bench-server.js'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const line = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('The bench server did not start within 5 minutes.')), 300_000);
    createInterface({ input: child.stdout }).once('line', (text) => (clearTimeout(timer), done(text)));
    child.once('exit', (code) => (clearTimeout(timer), fail(new Error(`The bench server exited with ${code}.`))));
  });
  return {
    server: JSON.parse(line) as Server,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const orNothing = <T>(read: () => T, nothing: T): T => {
  try {
    return read();
  } catch {
    return nothing;
  }
};

/** The processes a process started (the worker pool's), from /proc (Linux). */
export function childrenOf(pid: number): number[] {
  return orNothing(() => readdirSync(`/proc/${pid}/task`), []).flatMap((thread) =>
    orNothing(() => readFileSync(`/proc/${pid}/task/${thread}/children`, 'utf8'), '')
      .split(' ')
      .filter(Boolean)
      .map(Number),
  );
}

/**
 * Resident memory of a process and of the processes it started (the worker pool's), in MiB, from
 * /proc (Linux): the service's memory is all of it. A process that ends while it is read counts nothing.
 */
export function rssMiB(pid: number): number {
  const kib = (of: number): number => {
    const own = Number(/VmRSS:\s+(\d+)/.exec(orNothing(() => readFileSync(`/proc/${of}/status`, 'utf8'), ''))?.[1] ?? 0);
    return own + childrenOf(of).reduce((sum, child) => sum + kib(child), 0);
  };
  return Math.round(kib(pid) / 1024);
}

/** Linux counts CPU time in /proc in ticks of a hundredth of a second (USER_HZ) on every architecture it runs on. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time, user and system, in seconds, that a process has used: `own` its own threads', `children` that of
 * the processes it started, those still running and (through the parent, once it has waited for them) those ended.
 */
export function cpuSeconds(pid: number): { own: number; children: number } {
  const ticks = (of: number) => {
    // The fields after the command's name (which may hold spaces), from utime: utime, stime, cutime, cstime.
    const fields = orNothing(() => readFileSync(`/proc/${of}/stat`, 'utf8'), ') ')
      .split(') ')[1]
      .split(' ');
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return { own: utime + stime || 0, ended: cutime + cstime || 0 };
  };
  const live = (of: number): number => childrenOf(of).reduce((sum, child) => sum + ticks(child).own + ticks(child).ended + live(child), 0);
  const { own, ended } = ticks(pid);
  return { own: own / TICKS_PER_SECOND, children: (ended + live(pid)) / TICKS_PER_SECOND };
}

/** Unmeasured load before each measurement, so the figures are the steady state and not the JIT compiling the route. */
const WARM_UP_SECONDS = 2;

/** autocannon against one GET, after a warm-up, with the server's peak RSS while it ran. Signed in with the API token unless `headers` say otherwise. */
export async function hammer(
  server: BenchServer,
  path: string,
  connections: number,
  seconds: number,
  headers: Record<string, string> = { authorization: server.authorization },
) {
  let peakRss = rssMiB(server.pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(server.pid))), 250);
  try {
    const load = { url: `http://127.0.0.1:${server.port}${path}`, connections, headers };
    const warmUp = await autocannon({ ...load, duration: WARM_UP_SECONDS });
    const result = await autocannon({ ...load, duration: seconds });
    return {
      connections,
      seconds,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: warmUp.non2xx + result.non2xx,
      errors: warmUp.errors + result.errors,
      peakRssMiB: peakRss,
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * One client per action, each sending requests one after another for `seconds` after a warm-up:
 * `body(version, state)` says what to send, and the answer's version and state are used for the
 * next. Returns completed requests per second.
 */
export async function closedLoop(
  server: BenchServer,
  seconds: number,
  path: (id: string) => string,
  body: (version: number, state: string | undefined) => object,
  warmUpSeconds = WARM_UP_SECONDS,
) {
  const measureFrom = performance.now() + warmUpSeconds * 1000;
  const deadline = measureFrom + seconds * 1000;
  let ok = 0;
  let failed = 0;
  const latencies: number[] = [];
  await Promise.all(
    server.transitionActions.map(async (action) => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        const response = await fetch(`http://127.0.0.1:${server.port}${path(action.id)}`, {
          method: 'POST',
          headers: { authorization: server.authorization, 'content-type': 'application/json' },
          body: JSON.stringify(body(action.version, action.state)),
        });
        const answer = (await response.json()) as { version?: number; state?: string };
        const measured = sent >= measureFrom;
        if (measured) latencies.push(performance.now() - sent);
        if (response.status === 200 && answer.version !== undefined) {
          action.version = answer.version;
          // The bare update answers with no state: the action's stays as it was.
          action.state = answer.state ?? action.state;
          if (measured) ok += 1;
        } else {
          failed += 1;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 10) / 10;
  return {
    clients: server.transitionActions.length,
    seconds,
    ok,
    failed,
    perSecond: Math.round((ok / (performance.now() - measureFrom)) * 1000),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

type Loop = Parameters<typeof closedLoop>;
type LoopRun = Awaited<ReturnType<typeof closedLoop>>;

/**
 * Closed loops compared fairly: on a server just seeded, the first seconds of any route run
 * slower (V8 compiling, SQLite's cache filling), so each runs unmeasured first, then all in turn
 * for `rounds` rounds. Each is reported by its median round, with every round's figure beside it.
 */
async function compareClosedLoops(server: BenchServer, loops: Array<[Loop[2], Loop[3]]>, rounds: number, seconds: number) {
  for (const loop of loops) await closedLoop(server, 0, ...loop, 5);
  const runs = loops.map((): LoopRun[] => []);
  for (let round = 0; round < rounds; round += 1) {
    for (const [i, loop] of loops.entries()) runs[i].push(await closedLoop(server, seconds, ...loop));
  }
  return runs.map((each) => ({
    ...[...each].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(each.length / 2)],
    roundsPerSecond: each.map((run) => run.perSecond),
  }));
}

/** Workflow transitions against bare updates of the same rows, then the dashboard against a constant, on one server. */
export async function benchmarkHttp(driver: Driver) {
  const { server, stop } = await startBenchServer(driver, 1);
  try {
    const idleRssMiB = rssMiB(server.pid);
    const [transitions, bareUpdates, typeOrmBareUpdates] = await compareClosedLoops(
      server,
      [
        [
          (id) => `/api/actions/${id}/events`,
          (version, state) =>
            state === 'blocked' ? { type: 'UNBLOCK', version } : { type: 'BLOCK', version, comment: 'Waiting on the data team' },
        ],
        [(id) => `/bench/actions/${id}/bare`, (version) => ({ version })],
        [(id) => `/bench/actions/${id}/bare-typeorm`, (version) => ({ version })],
      ],
      3,
      5,
    );
    const dashboard = await hammer(server, `/api/inspections/${server.inspectionId}/dashboard`, 32, 10);
    const dashboardDuringHeavyWork = await duringHeavyWork(server, () =>
      hammer(server, `/api/inspections/${server.inspectionId}/dashboard`, 32, 10),
    );
    const ceiling = await hammer(server, '/bench/constant', 32, 5);
    // Every signed-in request looks its token up in the database: the floor under any API read.
    const signedInCeiling = await hammer(server, '/api/auth/me', 32, 5);
    return {
      actionsInDatabase: server.actionsInDatabase,
      idleRssMiB,
      transitions,
      bareUpdates,
      transitionToBareRatio: Math.round((transitions.perSecond / bareUpdates.perSecond) * 100) / 100,
      // The baseline of earlier runs: the bare update through TypeORM's query builder, a slower road than a transition's own write.
      typeOrmBareUpdates,
      transitionToTypeOrmBareRatio: Math.round((transitions.perSecond / typeOrmBareUpdates.perSecond) * 100) / 100,
      dashboard,
      dashboardDuringHeavyWork,
      ceiling,
      dashboardToCeilingRatio: Math.round((dashboard.requestsPerSecond / ceiling.requestsPerSecond) * 100) / 100,
      signedInCeiling,
      dashboardToSignedInCeilingRatio: Math.round((dashboard.requestsPerSecond / signedInCeiling.requestsPerSecond) * 100) / 100,
    };
  } finally {
    await stop();
  }
}

/** The same dashboard with 10x and 100x as many actions in the database, the plan itself unchanged. */
export async function benchmarkDashboardGrowth(driver: Driver, scales: number[]) {
  const results = [];
  for (const scale of scales) {
    const { server, stop } = await startBenchServer(driver, scale);
    try {
      results.push({
        scale,
        actionsInDatabase: server.actionsInDatabase,
        ...(await hammer(server, `/api/inspections/${server.inspectionId}/dashboard`, 32, 5)),
      });
    } finally {
      await stop();
    }
  }
  return results;
}

/**
 * `measure` while two clients ask for the committee paper (DOCX) of the plan’s latest snapshot over and over and a third
 * uploads a PDF that unpacks to 1,000 MB over and over: the heavy work runs in the worker pool, and
 * the figures say whether the event loop still served everyone else. /health is timed alongside.
 * `withHostilePdfs: false` leaves the PDFs out, for issue 18's figure of the papers alone.
 */
export async function duringHeavyWork<T>(server: BenchServer, measure: () => Promise<T>, { withHostilePdfs = true } = {}) {
  const bomb = await compressionBombPdf(1000);
  const base = `http://127.0.0.1:${server.port}`;
  const headers = { authorization: server.authorization };
  let running = true;
  const timed = async (send: () => Promise<Response>) => {
    const started = performance.now();
    const response = await send();
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  };
  const papers: Array<{ status: number; ms: number }> = [];
  const hostile: Array<{ status: number; ms: number }> = [];
  const health: number[] = [];
  // The paper of the plan's latest snapshot: built each time it is asked for, where the plan's own is kept once built.
  const paperUrl = `${base}/api/inspections/${server.inspectionId}/snapshots/${server.snapshotId}/paper.docx`;
  const paperLoop = async () => {
    while (running) papers.push(await timed(() => fetch(paperUrl, { headers })));
  };
  const hostileLoop = async () => {
    while (running) {
      const form = new FormData();
      form.append('file', new Blob([bomb], { type: 'application/pdf' }), 'report.pdf');
      hostile.push(await timed(() => fetch(`${base}/api/imports`, { method: 'POST', headers, body: form })));
    }
  };
  const healthLoop = async () => {
    while (running) {
      health.push((await timed(() => fetch(`${base}/health`))).ms);
      await new Promise((done) => setTimeout(done, 100));
    }
  };
  const background = Promise.all([paperLoop(), paperLoop(), ...(withHostilePdfs ? [hostileLoop()] : []), healthLoop()]);
  try {
    const measured = await measure();
    return {
      ...measured,
      // Each summary says which statuses came back: a paper refused with 503 must not pass for one built.
      committeePapers: summary(papers),
      hostilePdfs: summary(hostile),
      healthMaxMs: Math.round(Math.max(...health)),
      healthChecks: health.length,
    };
  } finally {
    running = false;
    await background;
  }
}

function summary(runs: Array<{ status: number; ms: number }>) {
  const ms = runs.map((run) => run.ms).sort((a, b) => a - b);
  return {
    count: runs.length,
    statuses: [...new Set(runs.map((run) => run.status))],
    medianMs: Math.round(ms[Math.floor(ms.length / 2)] ?? NaN),
    maxMs: Math.round(ms.at(-1) ?? NaN),
  };
}
