import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { parse } from 'yaml';
import { buildRegistry } from '../src/commands';
import { scopeNeeded } from '../sim/slack-rules';

const root = join(__dirname, '..');

function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(join(root, 'manifest', 'teams', file));
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('Teams app manifest', () => {
  const manifest = JSON.parse(
    readFileSync(join(root, 'manifest', 'teams', 'manifest.json'), 'utf8'),
  );

  test('validates against the official schema, offline', async () => {
    expect(await AppManifestUtils.validateAgainstSchema(manifest)).toEqual([]);
  });

  test('the validator does catch a broken manifest', async () => {
    const broken = {
      ...manifest,
      bots: [{ ...manifest.bots[0], scopes: ['everywhere'] }],
      name: { short: 'x'.repeat(31) },
    };
    const errors = await AppManifestUtils.validateAgainstSchema(broken);
    expect(errors.join('\n')).toMatch(/scopes/);
    expect(errors.join('\n')).toMatch(/name/);
  });

  test('the bot is in personal, team and group chat scopes and lists our commands', () => {
    const bot = manifest.bots[0];
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    // Teams shows at most 12 suggestions per list: one list for personal chat, one for channels
    // and group chats. Every suggestion is a real command, and every command is suggested
    // somewhere.
    const lists = bot.commandLists as { scopes: string[]; commands: { title: string }[] }[];
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    const names = buildRegistry()
      .allCommands()
      .map((c) => c.name);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(12);
      for (const c of list.commands) expect(names).toContain(c.title);
    }
    const listed = new Set(lists.flatMap((l) => l.commands.map((c) => c.title)));
    expect([...listed].sort()).toEqual([...names].sort());
  });

  test('icons are the sizes Teams requires', () => {
    expect(pngSize(manifest.icons.color)).toEqual({ width: 192, height: 192 });
    expect(pngSize(manifest.icons.outline)).toEqual({ width: 32, height: 32 });
  });
});

describe('Slack app manifest', () => {
  const manifest = parse(readFileSync(join(root, 'manifest', 'slack', 'manifest.yaml'), 'utf8'));

  test('declares /msp, interactivity and events on /slack/events', () => {
    const msp = manifest.features.slash_commands.find(
      (c: { command: string }) => c.command === '/msp',
    );
    expect(msp.url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: expect.stringMatching(/\/slack\/events$/),
    });
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
  });

  test('asks for the scopes the bot uses and offers Socket Mode', () => {
    // Every Web API method the bot's code calls, with the scope a bot token needs for it on each
    // kind of conversation (Slack's document, contracts/slack.json, lists the per-kind scopes).
    const code = ['src/bots/channel-poster.ts', 'src/bots/slack/slack-bot.ts']
      .map((f) => readFileSync(join(root, f), 'utf8'))
      .join('\n');
    const called = [...new Set(code.match(/\b(chat|conversations|users)\.[a-zA-Z]+(?=\()/g))];
    expect(called).toEqual(
      expect.arrayContaining(['chat.postMessage', 'chat.update', 'conversations.history']),
    );
    const needed = called.flatMap((m) =>
      ['C0PUBLIC', 'G0PRIVATE', 'D0DIRECT'].map((channel) => scopeNeeded(m, channel)),
    );
    for (const scope of needed.filter((s) => s !== undefined))
      expect(manifest.oauth_config.scopes.bot).toContain(scope);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'im:history', 'channels:history']),
    );
    expect(manifest.settings).toHaveProperty('socket_mode_enabled');
    expect(manifest._metadata.major_version).toBe(1);
  });
});
