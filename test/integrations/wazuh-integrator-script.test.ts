import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WazuhSim } from '../../sim/wazuh';
import { posts, slack } from '../helpers/alerts';
import { tempDir, type Harness } from '../helpers/harness';
import { AGENTS, rule, WAZUH_SECRET, withWazuhBot } from '../helpers/wazuh';

/**
 * The integration script the MSP installs on the Wazuh manager, run as integratord runs it
 * (alert file, api_key, hook_url) with the system's Python, against the bot's real door.
 */
const SCRIPT = join(__dirname, '..', '..', 'contrib', 'wazuh', 'custom-msp-chatops');

function run(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('python3', [SCRIPT, ...args], { timeout: 20_000 }, (err, _out, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

describe('contrib/wazuh/custom-msp-chatops', () => {
  let h: Harness;
  let wazuh: WazuhSim;
  withWazuhBot(async (world) => {
    ({ h, wazuh } = world);
    await slack(h, 'subscribe acme alerts');
  });

  const alertFile = (alert: unknown) => {
    const file = join(tempDir(), 'alert.json');
    writeFileSync(file, JSON.stringify(alert));
    return file;
  };
  const hook = () => `${h.baseUrl}/wazuh/alerts`;

  test('posts the alert file with the secret; the card reaches the customer channel', async () => {
    const alert = wazuh.alert(AGENTS.acmeServer, rule(12, '92100', 'Service created: PsExec'));
    expect(await run([alertFile(alert), WAZUH_SECRET, hook()])).toEqual({ code: 0, stderr: '' });
    await h.slack.server.waitFor((r) => r.path === '/api/chat.postMessage');
    expect(JSON.stringify(posts(h, 'C0ALERTS')[0]?.body)).toContain('Service created: PsExec');
  });

  test('a refused alert is not sent again, and says why; an unreadable file exits 6', async () => {
    const alert = wazuh.alert(AGENTS.acmeServer, rule(12, '92101'));
    const wrong = await run([alertFile(alert), 'not-the-secret', hook()]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('the bot refused the alert: 401');
    const missing = await run([join(tempDir(), 'gone.json'), WAZUH_SECRET, hook()]);
    expect(missing.code).toBe(6);
    expect(
      posts(h, 'C0ALERTS')
        .map((p) => JSON.stringify(p.body))
        .join(),
    ).not.toContain('92101');
  });
});
