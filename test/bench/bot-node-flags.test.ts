import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_NODE_FLAGS } from '../../bench/lib';

// bench:poll measures the bot with the flags npm start gives it; the two must not drift apart.
test('npm start gives the bot the Node flags the benchmarks measure it with', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const start = pkg.scripts.start ?? '';
  const node = /\bnode ((?:--\S+ )*)dist\/src\/main\.js/.exec(start);
  expect(node).not.toBeNull();
  expect(node?.[1]?.trim().split(' ')).toEqual([...BOT_NODE_FLAGS]);
});
