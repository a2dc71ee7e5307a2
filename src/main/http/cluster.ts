// `deskmate serve` on every core: one leader process and N-1 followers, each a whole desk (its own engine and
// SQLite connection on the shared data folder, WAL) behind the same API, token and port.
// - Connections: the leader binds the port and, once a follower is ready, sends it the listening socket itself
//   (`child.send(msg, server)`, Node's child_process API): every process then accepts from the same socket, so a
//   connection waits only for the first process with a free event loop, never for the leader to hand it over. The
//   kernel wakes the waiting processes and the first one to accept gets the connection; keep-alive requests stay on
//   the process that accepted it.
// - Events: every process's contract events go to the leader, which passes them to the other processes; each
//   delivers them to its own `/api/events` clients only (never into its desk's bus), so an answer streaming in
//   process B reaches a browser whose event stream landed on process A.
// - Calls: state that lives in a process's memory (settings cache, a key set at run time, a stop of an answer
//   running elsewhere) is applied everywhere: `call(name, input)` runs a named handler on every other process.
// Messages crossing the process boundary are validated with zod.
import { fork, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { cpuMeter, SPILL_SAMPLE_MS, SpillControl, type SpillSettings } from './cluster-spill';

/** Set in a follower's environment to its index (1…N-1). */
export const FOLLOWER_ENV = 'DESKMATE_SERVE_FOLLOWER';
/** Set in a follower's environment: the port the leader listens on (for the Host check). */
export const PORT_ENV = 'DESKMATE_SERVE_PORT';

const Message = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready') }),
  z.object({ t: z.literal('listen') }),
  /** Leader → follower: stop accepting new connections (the load fits in fewer processes; cluster-spill.ts). */
  z.object({ t: z.literal('pause') }),
  /** Follower → leader: the CPU it used over the last period, in cores. */
  z.object({ t: z.literal('load'), cpu: z.number().min(0).max(1024) }),
  z.object({ t: z.literal('shutdown') }),
  z.object({ t: z.literal('event'), event: z.string().min(1), payload: z.unknown() }),
  z.object({ t: z.literal('call'), id: z.number().int(), name: z.string().min(1), input: z.unknown() }),
  z.object({ t: z.literal('reply'), id: z.number().int(), values: z.array(z.unknown()) }),
]);
type Message = z.infer<typeof Message>;

export type EventListener = (event: string, payload: unknown) => void;
export type CallHandler = (input: unknown) => unknown;

/** What every process of a cluster shares. */
export interface ClusterLink {
  /** 0 for the leader. */
  readonly index: number;
  /** Sends one of this process's events to every other process. */
  publish(event: string, payload: unknown): void;
  /** Events published by the other processes. */
  onEvent(listener: EventListener): () => void;
  /** Runs handler `name` on every other process; resolves with their answers (missing after `timeoutMs`). */
  call(name: string, input: unknown, timeoutMs?: number): Promise<unknown[]>;
  /** Registers what this process does for `call(name)` from another one. */
  handle(name: string, fn: CallHandler): void;
}

/** The routing part shared by leader and follower: local handlers and event listeners. */
class Local {
  readonly listeners = new Set<EventListener>();
  readonly handlers = new Map<string, CallHandler>();

  deliver(event: string, payload: unknown): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch {
        // one broken subscriber must not stop the others
      }
    }
  }

  async run(name: string, input: unknown): Promise<unknown> {
    const fn = this.handlers.get(name);
    if (!fn) return null;
    try {
      return (await fn(input)) ?? null;
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }
}

function parse(raw: unknown): Message | null {
  const r = Message.safeParse(raw);
  return r.success ? r.data : null;
}

const DEFAULT_CALL_MS = 2_000;
export const LISTEN_BACKLOG = 4_096;

export interface Leader extends ClusterLink {
  readonly port: number;
  /** Followers serving now. */
  followers(): number;
  /** Stops accepting, asks the followers to stop (they end their streams cleanly) and waits for them. */
  close(graceMs?: number): Promise<void>;
}

export interface LeaderOptions {
  host: string;
  port: number;
  /** Total processes, this one included. */
  processes: number;
  /** Serves a connection this process accepted. */
  accept(socket: net.Socket): void;
  /** The command line a follower runs (default: this process's). */
  argv?: string[];
  /** Node flags of a follower (default: this process's). */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  log?: (msg: string) => void;
  /** Followers accept only while the load spills over (cluster-spill.ts); null: every process accepts always. */
  spread?: SpillSettings | null;
  /** Streams this process has served (until `spread.warmStreams`, the load stays spread). */
  served?: () => number;
  /** Told when one more follower starts accepting (the leader lets some clients go: SPILL_DRAIN_MS). */
  onSpill?: () => void;
}

interface Follower {
  child: ChildProcess;
  index: number;
  ready: boolean;
  /** Told to accept from the shared socket (and not told to pause since). */
  accepting: boolean;
  /** The CPU it last reported using (cores). */
  cpu: number;
}

/** Listens, starts the followers and balances connections over all processes. */
export async function startLeader(o: LeaderOptions): Promise<Leader> {
  const local = new Local();
  const followers: Follower[] = [];
  let closing = false;
  let callSeq = 0;
  const pending = new Map<number, { values: unknown[]; left: number; done: (v: unknown[]) => void }>();

  const server = net.createServer({ noDelay: true }, (socket) => o.accept(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: a burst of new connections while the leader's loop is busy waits in the kernel instead
    // of failing with a connect timeout (Linux caps it at net.core.somaxconn).
    server.listen({ port: o.port, host: o.host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;

  /** Runs a call on every other process; `from` (a follower) is left out. */
  const fanOut = async (name: string, input: unknown, from: Follower | null, timeoutMs: number): Promise<unknown[]> => {
    const targets = followers.filter((f) => f !== from && f.ready && f.child.connected);
    const mine = from ? [await local.run(name, input)] : [];
    if (targets.length === 0) return mine;
    const id = ++callSeq;
    const remote = await new Promise<unknown[]>((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(entry.values);
      }, timeoutMs);
      const entry = {
        values: [] as unknown[],
        left: targets.length,
        done: (v: unknown[]) => {
          clearTimeout(timer);
          pending.delete(id);
          resolve(v);
        },
      };
      pending.set(id, entry);
      for (const f of targets) f.child.send({ t: 'call', id, name, input } satisfies Message);
    });
    return [...mine, ...remote];
  };

  const spawnFollower = (index: number): void => {
    const child = fork(o.argv?.[0] ?? process.argv[1]!, o.argv?.slice(1) ?? process.argv.slice(2), {
      env: { ...(o.env ?? process.env), [FOLLOWER_ENV]: String(index), [PORT_ENV]: String(port) },
      ...(o.execArgv ? { execArgv: o.execArgv } : {}),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const f: Follower = { child, index, ready: false, accepting: false, cpu: 0 };
    followers.push(f);
    child.on('message', (raw) => {
      const m = parse(raw);
      if (!m) return;
      switch (m.t) {
        case 'ready':
          f.ready = true;
          // From now on it accepts from the shared listening socket too (with --spread load: once the load spills).
          if (!spill || f.index <= spill.active) setAccepting(f, true);
          return;
        case 'load':
          f.cpu = m.cpu;
          return;
        case 'event':
          local.deliver(m.event, m.payload);
          for (const other of followers) if (other !== f && other.ready && other.child.connected) other.child.send(m);
          return;
        case 'call':
          void fanOut(m.name, m.input, f, DEFAULT_CALL_MS).then((values) => {
            if (child.connected) child.send({ t: 'reply', id: m.id, values } satisfies Message);
          });
          return;
        case 'reply': {
          const p = pending.get(m.id);
          if (!p) return;
          p.values.push(...m.values);
          if (--p.left === 0) p.done(p.values);
          return;
        }
      }
    });
    child.on('exit', (code, signal) => {
      followers.splice(followers.indexOf(f), 1);
      if (closing) return;
      o.log?.(`serve process ${index} exited (${signal ?? code}); starting it again`);
      setTimeout(() => !closing && spawnFollower(index), 500).unref();
    });
  };
  /** Tells a follower to accept from the shared socket (it gets the socket with the message) or to stop. */
  const setAccepting = (f: Follower, on: boolean): void => {
    if (closing || !server.listening || !f.child.connected) return;
    if (on) f.child.send({ t: 'listen' } satisfies Message, server);
    else if (f.accepting) f.child.send({ t: 'pause' } satisfies Message);
    f.accepting = on;
    if (!on) f.cpu = 0;
  };
  // --spread load: the followers with index ≤ spill.active accept; sampled every SPILL_SAMPLE_MS.
  const spill = o.spread && o.processes > 1 ? new SpillControl(o.processes - 1, o.spread) : null;
  for (let i = 1; i < o.processes; i++) spawnFollower(i);
  let spillTimer: NodeJS.Timeout | undefined;
  if (spill) {
    const ownLoad = cpuMeter();
    const warmAfter = o.spread?.warmStreams ?? 0;
    spillTimer = setInterval(() => {
      const load = ownLoad();
      // the service's start (followers starting, migrating, warming) is not serving load: sampled once all serve
      if (followers.filter((f) => f.ready).length < o.processes - 1) return;
      const loads = [load];
      for (let i = 1; i <= spill.active; i++) loads.push(followers.find((f) => f.index === i)?.cpu ?? 0);
      const before = spill.active;
      const active = spill.sample(performance.now(), loads, (o.served?.() ?? warmAfter) >= warmAfter);
      if (active === before) return;
      o.log?.(`${1 + active} of ${o.processes} serving processes accept new connections (CPU of those that did: ${loads.map((l) => l.toFixed(2)).join(' + ')} cores)`);
      for (const f of followers) if (f.ready && (f.index <= active) !== f.accepting) setAccepting(f, f.index <= active);
      if (active > before) o.onSpill?.();
    }, SPILL_SAMPLE_MS);
    spillTimer.unref();
  }

  return {
    index: 0,
    port,
    followers: () => followers.filter((f) => f.ready).length,
    publish(event, payload) {
      for (const f of followers) if (f.ready && f.child.connected) f.child.send({ t: 'event', event, payload } satisfies Message);
    },
    onEvent(listener) {
      local.listeners.add(listener);
      return () => local.listeners.delete(listener);
    },
    call: (name, input, timeoutMs = DEFAULT_CALL_MS) => fanOut(name, input, null, timeoutMs),
    handle(name, fn) {
      local.handlers.set(name, fn);
    },
    async close(graceMs = 8_000) {
      closing = true;
      clearInterval(spillTimer);
      server.close();
      const exits = followers.map((f) => new Promise<void>((r) => (f.child.exitCode !== null || f.child.signalCode !== null ? r() : f.child.once('exit', () => r()))));
      for (const f of followers) {
        if (f.child.connected) f.child.send({ t: 'shutdown' } satisfies Message);
        else f.child.kill('SIGTERM');
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(exits), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      for (const f of followers) if (f.child.exitCode === null) f.child.kill('SIGKILL');
    },
  };
}

export interface FollowerLink extends ClusterLink {
  /** Tells the leader this process serves now (connections start to arrive). */
  ready(): void;
  /** Resolves when the leader asks this process to stop, or is gone. */
  stopped: Promise<void>;
  /** Stops taking connections from the shared socket (a process stopping by itself: the others take them while
   * its streams end). */
  stopAccepting(): void;
  /** Closes the channel to the leader (the last thing a follower does: the open channel would keep it alive). */
  leave(): void;
}

/** The follower's side: the shared listening socket and messages from the leader. `onAccepting` is told when the
 * leader starts or stops this process's accepting (--spread load: a paused process lets its clients go). */
export function joinLeader(index: number, accept: (socket: net.Socket) => void, onAccepting?: (on: boolean) => void): FollowerLink {
  const local = new Local();
  const pending = new Map<number, (values: unknown[]) => void>();
  let callSeq = 0;
  let listening: net.Server | null = null;
  let stopNow: () => void = () => {};
  const stopped = new Promise<void>((r) => (stopNow = r));
  // While accepting, this process tells the leader how busy its loop is (the leader decides who accepts).
  let loadTimer: NodeJS.Timeout | undefined;
  const unlisten = (): void => {
    listening?.close();
    listening = null;
    clearInterval(loadTimer);
    loadTimer = undefined;
  };
  /** Stops accepting at once (the streams it serves end afterwards). */
  const stop = (): void => {
    unlisten();
    stopNow();
  };
  const send = (m: Message): void => {
    if (process.connected) process.send?.(m);
  };
  process.on('message', (raw: unknown, handle: unknown) => {
    const m = parse(raw);
    if (!m) return;
    switch (m.t) {
      case 'listen':
        if (handle instanceof net.Server && !listening) {
          // Node hands the socket over already listening in this process, but it listens again with the default
          // accept queue (511), which shrinks the queue of the shared socket for every process: listening on it once
          // more with our depth (`listen(handle, backlog)`, a server is a valid handle) sets it back.
          listening = net.createServer({ noDelay: true }, (socket) => accept(socket));
          listening.listen(handle, LISTEN_BACKLOG);
          const load = cpuMeter();
          loadTimer = setInterval(() => send({ t: 'load', cpu: load() }), SPILL_SAMPLE_MS);
          loadTimer.unref();
          onAccepting?.(true);
        }
        return;
      case 'pause':
        if (listening) {
          unlisten();
          onAccepting?.(false);
        }
        return;
      case 'event':
        local.deliver(m.event, m.payload);
        return;
      case 'call':
        void local.run(m.name, m.input).then((v) => send({ t: 'reply', id: m.id, values: [v] }));
        return;
      case 'reply':
        pending.get(m.id)?.(m.values);
        pending.delete(m.id);
        return;
      case 'shutdown':
        stop();
        return;
      case 'ready':
      case 'load':
        return;
    }
  });
  // The leader is gone (killed): nothing will reach this process any more.
  process.on('disconnect', () => stop());
  return {
    index,
    stopped,
    ready: () => send({ t: 'ready' }),
    stopAccepting: unlisten,
    leave: () => {
      unlisten(); // stopped by a signal of its own: the shared socket would keep this process alive
      if (process.connected) process.disconnect?.();
    },
    publish: (event, payload) => send({ t: 'event', event, payload }),
    onEvent(listener) {
      local.listeners.add(listener);
      return () => local.listeners.delete(listener);
    },
    call(name, input, timeoutMs = DEFAULT_CALL_MS) {
      const id = ++callSeq;
      return new Promise<unknown[]>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve([]);
        }, timeoutMs + 500);
        pending.set(id, (v) => {
          clearTimeout(timer);
          resolve(v);
        });
        send({ t: 'call', id, name, input });
      });
    },
    handle(name, fn) {
      local.handlers.set(name, fn);
    },
  };
}
