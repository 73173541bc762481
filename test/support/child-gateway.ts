import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = join(ROOT, 'src/main.ts');
/** What `npm start` runs: the build of src/ (see `npm run build`). */
const COMPILED_ENTRY = join(ROOT, 'dist/main.js');
// Named by its file rather than by package name, so a child running in another folder (with its own ./data)
// still finds the loader.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** How long a stopped child may take to close before it is killed outright. */
const STOP_GRACE_MS = 5_000;

/** A gateway on the built-in simulator with no demo assets, on ports the system picks. */
export const SIMULATED_ON_FREE_PORTS = { PORT: '0', SIM_API_PORT: '0', SIM_STREAM_PORT: '0', SIM_SEED_DEMO: 'false' };

export type ExitStatus = NodeJS.Signals | number | null;

export interface GatewayProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** stdout and stderr in the order they arrived. */
  output(): string;
  /** The exit code, or the signal that ended the process. */
  exited: Promise<ExitStatus>;
  /** SIGTERM (what an operator's Ctrl-C or a supervisor sends), then SIGKILL if it does not end in time. */
  stop(): Promise<ExitStatus>;
}

export interface ChildGateway extends GatewayProcess {
  /** Base URL, from the printed banner. */
  url: string;
  graphqlUrl: string;
  /** The development key the banner prints on the simulator. */
  devKey: string | undefined;
}

export interface ChildOptions {
  /** The folder the gateway runs in: where its relative paths (./data) land. The repository by default. */
  cwd?: string;
  timeoutMs?: number;
  /** Runs the compiled build, as `npm start` does (for benchmarks), instead of the sources through tsx. */
  compiled?: boolean;
  /** Node's own flags for the child, before any from `GATEWAY_NODE_ARGS`. */
  nodeArgs?: readonly string[];
}

/** Every process spawned and not yet ended, so a failed test cannot leave one behind. */
const running = new Set<GatewayProcess>();

/** Stops every gateway process still running; for afterAll/afterEach. */
export async function stopChildGateways(): Promise<void> {
  await Promise.all([...running].map((process) => process.stop()));
}

/** Runs the gateway's real entry point (what `npm start` runs) as its own process, with a clean environment. */
export function spawnGateway(
  env: Record<string, string>,
  { cwd = ROOT, compiled = false, nodeArgs: given = [] }: ChildOptions = {},
): GatewayProcess {
  // Node's own flags for the child (`GATEWAY_NODE_ARGS='--cpu-prof'` profiles a benchmark's gateway).
  const nodeArgs = [...given, ...(process.env.GATEWAY_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const entry = compiled ? [COMPILED_ENTRY] : ['--import', TSX_LOADER, ENTRY];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  // 'close' rather than 'exit': by then both pipes are drained, so the output is complete.
  const exited = new Promise<ExitStatus>((resolve) => child.once('close', (code, signal) => resolve(signal ?? code)));
  const started: GatewayProcess = {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
  running.add(started);
  void exited.then(() => running.delete(started));
  return started;
}

/** Starts the gateway and waits for its whole banner; a gateway that does not start is stopped before throwing. */
export async function startChildGateway(
  env: Record<string, string>,
  { timeoutMs = 20_000, ...options }: ChildOptions = {},
): Promise<ChildGateway> {
  const started = spawnGateway(env, options);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // The banner ends with the database line; waiting for it means every line before it is there too.
    if (/^ {2}Database\s+\S+/m.test(started.stdout())) break;
    if (started.child.exitCode !== null || started.child.signalCode !== null || Date.now() > deadline) {
      await started.stop();
      throw new Error(`the gateway did not start:\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const banner = started.stdout();
  const graphqlUrl = /GraphiQL\s+(http:\/\/\S+\/graphql)/.exec(banner)?.[1];
  if (!graphqlUrl) {
    await started.stop();
    throw new Error(`no GraphiQL address in the banner:\n${banner}`);
  }
  return {
    ...started,
    url: graphqlUrl.replace(/\/graphql$/, ''),
    graphqlUrl,
    devKey: /API key\s+(dev_\S+)/.exec(banner)?.[1],
  };
}

/** Runs the gateway until it exits by itself (a start-up failure), killing it if it is still up after timeoutMs. */
export async function runGatewayToExit(
  env: Record<string, string>,
  { timeoutMs = 20_000, ...options }: ChildOptions = {},
): Promise<{ status: ExitStatus; stdout: string; stderr: string }> {
  const started = spawnGateway(env, options);
  const timer = setTimeout(() => void started.stop(), timeoutMs);
  const status = await started.exited;
  clearTimeout(timer);
  return { status, stdout: started.stdout(), stderr: started.stderr() };
}
