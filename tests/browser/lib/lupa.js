// Starting and stopping real `lupa` servers for the browser suite. Builds nothing: the binary
// comes from LUPA_BIN (default ../../target/debug/lupa, i.e. what `cargo build` made).
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const SUITE_DIR = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(SUITE_DIR, '..', '..');
const LUPA_BIN = path.resolve(SUITE_DIR, process.env.LUPA_BIN || '../../target/debug/lupa');
/** Failure screenshots and other artefacts of a run. */
const ARTIFACTS_DIR = path.join(REPO_ROOT, 'target', 'browser');

const DEMO_PASSWORD = 'lupa-demo-salasana';
const DEMO_USERS = {
  admin: 'aino.administraattori@vero.example',
  editor: 'eero.toimittaja@te.example',
  writer: 'kaisa.kirjoittaja@vero.example',
  member: 'matti.jasen@te.example',
};

// The suite's own settings; lupa refuses unknown LUPA_* variables, so they stay out of its env.
const SUITE_VARS = ['LUPA_BIN', 'LUPA_XSS_VECTORS', 'LUPA_UPDATE_SCREENSHOTS', 'LUPA_PAGES', 'LUPA_BROWSER_JOBS'];

function lupaEnv() {
  const env = {
    ...process.env,
    LUPA_LOG: process.env.LUPA_LOG || 'warn',
    // The suite writes hundreds of posts and comments as one person in a few seconds (the
    // hostile-content and pathological-Markdown tests); the rate of writing (issue 13) is
    // tested by the integration tests, so here it is set out of reach.
    LUPA_LIMITS__WRITES_PER_MINUTE: '1000000',
    LUPA_LIMITS__WRITES_PER_HOUR: '1000000',
    // The feedback form allows 5 sendings per client address an hour; the hostile-content
    // test sends its vectors in more batches than that, each from its own X-Forwarded-For.
    LUPA_SERVER__TRUST_FORWARDED_FOR: 'true',
  };
  for (const name of SUITE_VARS) delete env[name];
  return env;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a `lupa` subcommand against a data dir and returns its stdout. */
function lupaCommand(dataDir, args, input) {
  return execFileSync(LUPA_BIN, ['--data-dir', dataDir, ...args], {
    input,
    encoding: 'utf8',
    env: lupaEnv(),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

async function waitForHealth(base, child, log) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`lupa exited with ${child.exitCode} before answering:\n${log()}`);
    }
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    // Polling a process we started for readiness; there is no event to wait on.
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`lupa did not answer /healthz within 60 s:\n${log()}`);
}

/**
 * Starts a server on a fresh data dir, filled with the demo network unless `demo: false`.
 * Returns { base, dataDir, stop(), token(email) }.
 */
async function startLupa({ demo = true } = {}) {
  if (!fs.existsSync(LUPA_BIN)) {
    throw new Error(`no lupa binary at ${LUPA_BIN}: run \`cargo build\` first or set LUPA_BIN`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lupa-browser-'));
  if (demo) lupaCommand(dataDir, ['demo']);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(LUPA_BIN, ['--data-dir', dataDir, '--bind', `127.0.0.1:${port}`], {
    env: lupaEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test process that dies without `stop()` still takes its server with it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  await waitForHealth(base, child, () => output);
  return {
    base,
    dataDir,
    output: () => output,
    token(email) {
      const out = lupaCommand(dataDir, ['token', 'create', '--email', email]).trim();
      // The token is the last word printed.
      return out.split(/\s+/).pop();
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

module.exports = {
  ARTIFACTS_DIR, DEMO_PASSWORD, DEMO_USERS, LUPA_BIN, REPO_ROOT, SUITE_DIR, startLupa,
};
