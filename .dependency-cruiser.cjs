// The folder rules of docs/architecture.md ("Folders and their rules"), checked by `npm run lint`.
// Type-only imports count: a kernel that names a feature's type knows that feature.
const FEATURES = '(alerts|access|onboarding|policy|reports|audit|backups)';
const SDKS =
  '^(@microsoft|@slack|@azure|express|redis|better-sqlite3|prom-client|pino|pdfmake|axios|ws|adaptivecards|adaptive-expressions)';
const src = (folders) => `^src/${folders}/`;

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'Construction and imports go one way; a cycle means two files are one idea or a port is missing.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-knows-no-other-folder',
      severity: 'error',
      comment: 'core/ is the kernel: it imports only core/.',
      from: { path: src('core') },
      to: { path: '^src/', pathNot: src('core') },
    },
    {
      name: 'core-knows-no-sdk',
      severity: 'error',
      comment: 'core/ sees no chat SDK, HTTP server, store driver, PDF library or HTTP client.',
      from: { path: src('core') },
      to: { dependencyTypes: ['npm', 'npm-dev'], path: SDKS },
    },
    {
      name: 'config-reads-only-core',
      severity: 'error',
      comment: 'config/ is read first: it may use core/ helpers and nothing built from it.',
      from: { path: src('config') },
      to: { path: '^src/', pathNot: `${src('(config|core)')}` },
    },
    {
      name: 'feature-imports-core-config-and-itself',
      severity: 'error',
      comment:
        'A feature folder holds its rules, state, desk, worker and the ports it needs; it reaches the world through those ports, never through another feature, an adapter or the chat side.',
      from: { path: `^src/${FEATURES}/` },
      to: { path: '^src/', pathNot: ['^src/(core|config)/', '^src/$1/'] },
    },
    {
      name: 'feature-knows-no-chat-or-store-sdk',
      severity: 'error',
      from: { path: `^src/${FEATURES}/` },
      to: {
        dependencyTypes: ['npm', 'npm-dev'],
        path: '^(@microsoft|@slack|redis|better-sqlite3|prom-client|pino|axios|ws)',
      },
    },
    {
      name: 'commands-reach-features-through-services',
      severity: 'error',
      comment:
        'A command talks to the kernel and to features (their desks, types); never to the chat side, adapters, stores, HTTP or construction.',
      from: { path: src('commands') },
      to: { path: '^src/', pathNot: [`^src/(core|config|commands|${FEATURES.slice(1, -1)})/`] },
    },
    {
      name: 'commands-know-no-sdk',
      severity: 'error',
      from: { path: src('commands') },
      to: { dependencyTypes: ['npm', 'npm-dev'], path: SDKS },
    },
    {
      name: 'integrations-implement-ports',
      severity: 'error',
      comment:
        'Adapters implement the ports of core/ and features with settings from config/; they never call the chat side, commands or construction.',
      from: { path: src('integrations') },
      to: { path: src('(app|bots|commands|http|store|identity|cards)') },
    },
    {
      name: 'chat-edges-reach-in-through-core',
      severity: 'error',
      comment:
        'bots/ turn chat into Invocations and Replies into chat: they never run a command or call an adapter themselves.',
      from: { path: src('bots') },
      to: { path: src('(app|commands|integrations|store|identity)') },
    },
    {
      name: 'portal-reads-through-its-ports',
      severity: 'error',
      comment:
        'portal/ renders pages from what its PortalData port answers; it never reaches a store, an adapter, the chat side or a feature but for pure helpers.',
      from: { path: src('portal') },
      to: {
        path: src(
          '(app|bots|commands|integrations|store|identity|alerts|access|reports|onboarding|policy|backups)',
        ),
      },
    },
    {
      name: 'http-store-cards-are-low',
      severity: 'error',
      comment:
        'The HTTP server, the stores and the card templates serve everyone and know only core/.',
      from: { path: src('(http|store|cards)') },
      to: { path: '^src/', pathNot: '^src/(core|$1)/' },
    },
    {
      name: 'identity-below-chat',
      severity: 'error',
      from: { path: src('identity') },
      to: {
        path: src('(app|bots|commands|http|store|alerts|access|onboarding|policy|reports|audit)'),
      },
    },
    {
      name: 'only-main-and-tools-build-the-app',
      severity: 'error',
      comment: 'app/ is the composition root: nothing but main.ts and the tools import it.',
      from: { path: '^src/', pathNot: ['^src/app/', '^src/main\\.ts$', '^src/tools/'] },
      to: { path: src('app') },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
