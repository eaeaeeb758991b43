// `npm run build` (and the first half of `npm start`): each step a progress line with its duration, its tools' own
// output kept back unless it fails or warns, so the type check's silent half-minute reads as work, not a hang.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { terminalProgress } from '../src/main/start-progress';

const ROOT = path.resolve(__dirname, '..');
const bin = (pkg: string, file: string) => path.join(ROOT, 'node_modules', pkg, file);

const STEPS: { title: string; args: string[] }[] = [
  { title: 'Generating the API types', args: ['--import', 'tsx', 'scripts/generate-api-types.ts'] },
  { title: 'Type-checking and compiling the server', args: [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.build.json'] },
  { title: 'Bundling the workflows', args: ['dist/src/main/bundle-workflows.js'] },
  { title: 'Building the Workspace', args: [bin('vite', 'bin/vite.js'), 'build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'] },
];

class StepFailed extends Error {
  constructor(readonly output: string, readonly code: number) {
    super(`exited with code ${code}`);
  }
}

function run(args: string[]): Promise<{ stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve({ stderr }) : reject(new StepFailed(output, code ?? 1))));
  });
}

async function main() {
  const progress = terminalProgress((text) => process.stdout.write(text));
  for (const step of STEPS) {
    const { stderr } = await progress.step(step.title, () => run(step.args));
    // A warning (Vite's) is worth reading even when the step succeeded.
    if (stderr.trim()) process.stderr.write(stderr);
  }
}

main().catch((err) => {
  if (err instanceof StepFailed) {
    process.stderr.write(err.output);
    process.exit(err.code);
  }
  process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
