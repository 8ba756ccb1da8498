// The simulator as its own process (`runway sim`), so it does not share an event loop with
// the programs being measured. Tasks are read back from its /__sim/stats endpoint.
import { spawn } from 'node:child_process';
import { bin } from './measure.js';

export async function startSim(args = []) {
  const child = spawn(process.execPath, [bin, 'sim', '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const line = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      if (text.includes('\n')) resolve(text.split('\n')[0]);
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  const { api, storage } = JSON.parse(line);
  return {
    api,
    storage,
    async stats() {
      return (await fetch(`${api}/__sim/stats`)).json();
    },
    async create(prompt, model = 'gen4.5') {
      const res = await fetch(`${api}/v1/text_to_video`, {
        method: 'POST',
        headers: { authorization: 'Bearer key_bench', 'x-runway-version': '2024-11-06', 'content-type': 'application/json' },
        body: JSON.stringify({ model, promptText: prompt, ratio: '1280:720', duration: 5 }),
      });
      if (!res.ok) throw new Error(`create failed: ${res.status} ${await res.text()}`);
      return (await res.json()).id;
    },
    async task(id) {
      const res = await fetch(`${api}/v1/tasks/${id}`, {
        headers: { authorization: 'Bearer key_bench', 'x-runway-version': '2024-11-06' },
      });
      return res.json();
    },
    async waitSucceeded(id) {
      for (;;) {
        const task = await this.task(id);
        if (task.status === 'SUCCEEDED') return task;
        if (task.status === 'FAILED') throw new Error(`task ${id} failed`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop() {
      child.kill('SIGTERM');
      return new Promise((r) => child.on('close', r));
    },
  };
}
