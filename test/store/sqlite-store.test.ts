import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite-store';
import { tempDir } from '../helpers/harness';
import { storeContract } from './contract';

storeContract('SQLite', async () => new SqliteStore(join(tempDir(), 'store.sqlite')));

test('SQLite keeps what was written across a reopen of the file', async () => {
  const file = join(tempDir(), 'durable.sqlite');
  const first = new SqliteStore(file);
  await first.set('approval:1', 'approved');
  await first.append('audit', 'entry');
  await first.close();
  const second = new SqliteStore(file);
  expect((await second.get('approval:1'))?.value).toBe('approved');
  expect(await second.readLog('audit', 1, 10)).toEqual([{ seq: 1, value: 'entry' }]);
  await second.close();
});
