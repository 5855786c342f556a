/**
 * deploy/k8s-job.yaml cannot rot: its container's command line, with the pod's
 * environment expanded as Kubernetes expands `$(VAR)`, runs here for every completion
 * index (the image's /app is this checkout, the volume a temp folder, the scale tiny),
 * and the parts it writes are the single run's tables.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli';
import { cliAsync, PartReader, tablesIn } from './partFolders';

interface Container {
  workingDir: string;
  command: string[];
  args: string[];
  env: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  volumeMounts: { name: string; mountPath: string }[];
}

const job = parse(readFileSync(join(ROOT, 'deploy', 'k8s-job.yaml'), 'utf8'));
const container: Container = job.spec.template.spec.containers[0];
const SCALE = '0.02';

/** The pod's command line for `index`, as Kubernetes expands it; container paths mapped to this machine. */
function commandLine(index: number, volume: string): string[] {
  const env = new Map(container.env.map((e) => [e.name, e.value]));
  env.set('JOB_COMPLETION_INDEX', String(index));
  env.set('SCALE', SCALE);
  const [mount] = container.volumeMounts;
  return [...container.command, ...container.args].map((word) =>
    word
      .replace(/\$\(([A-Z_][A-Z0-9_]*)\)/g, (_, name: string) => env.get(name) ?? `$(${name})`)
      .replace(new RegExp(`(^|:)${mount.mountPath}(?=/|$)`), `$1${volume}`)
      .replace(new RegExp(`^${container.workingDir}(?=/)`), ROOT),
  );
}

describe('the Kubernetes Indexed Job example', () => {
  let work: string;
  beforeAll(() => (work = mkdtempSync(join(tmpdir(), 'hopify-k8s-'))));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('is an Indexed Job whose shard count agrees with its completions, reading the index Kubernetes sets', () => {
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.parallelism).toBe(job.spec.completions);
    expect(container.env.find((e) => e.name === 'SHARDS')?.value).toBe(String(job.spec.completions));
    expect(container.env.find((e) => e.name === 'JOB_COMPLETION_INDEX')?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    expect(container.args).toContain('$(JOB_COMPLETION_INDEX)/$(SHARDS)');
    expect(job.spec.template.spec.volumes.map((v: { name: string }) => v.name)).toContain(container.volumeMounts[0].name);
  });

  it('runs the image the Dockerfile builds: its working folder, its CLI, its user', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(lastStage).toContain(`WORKDIR ${container.workingDir}\n`);
    expect(JSON.parse(/^ENTRYPOINT (.*)$/m.exec(lastStage)![1])).toEqual(container.command);
    expect(lastStage).toContain('USER node\n');
    expect(job.spec.template.spec.securityContext.fsGroup).toBe(1000);
  });

  it('runs as its command line says, one process per index, and the parts are the whole dataset', async () => {
    const volume = join(work, 'volume');
    const shards = Array.from({ length: job.spec.completions as number }, (_, index) => commandLine(index, volume));
    expect(shards[1]).toContain(`1/${job.spec.completions}`);
    const runs = await Promise.all(
      shards.map(([node, bin, ...args]) => {
        expect([node, bin]).toEqual(['node', join(ROOT, 'bin', 'hopify-engine.js')]);
        return cliAsync(args);
      }),
    );
    for (const run of runs) expect(run).toEqual({ status: 0, stderr: '' });

    const target = shards[0][shards[0].indexOf('--target') + 1];
    const format = target.startsWith('parquet:') ? 'parquet' : 'csv';
    const parts = target.slice(format.length + 1);
    const single = join(work, 'single');
    const spec = shards[0][shards[0].indexOf('run') + 1];
    expect(await cliAsync(['run', spec, '--scale', SCALE, '--target', `${format}:${single}`, '--quiet'])).toEqual({ status: 0, stderr: '' });
    const reader = await PartReader.open();
    try {
      const tables = tablesIn(single, format);
      expect(tablesIn(parts, format)).toEqual(tables);
      for (const table of tables) {
        expect({ table, rows: await reader.rowCount(parts, table, format) }).toEqual({ table, rows: await reader.rowCount(single, table, format) });
      }
    } finally {
      reader.close();
    }
  }, 120_000);
});
