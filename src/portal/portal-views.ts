import Handlebars from 'handlebars';

/**
 * The portal's pages, server-rendered with Handlebars: every {{value}} is HTML-escaped by the
 * library (device names, reasons and people's names come from outside). No script anywhere:
 * everything reads without JavaScript, and the Content-Security-Policy allows none.
 */
const engine = Handlebars.create();

const LAYOUT = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · {{msp}}</title>
<link rel="stylesheet" href="/portal/portal.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
  <p class="brand">{{msp}} · customer portal</p>
  {{#if signedIn}}
  <form method="post" action="/portal/logout" class="signout">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <span>Signed in as {{who}}</span>
    <button type="submit">Sign out</button>
  </form>
  {{/if}}
</header>
{{#if customer}}
<nav aria-label="{{customer.name}}">
  <ul>
    <li><a href="/portal/c/{{customer.id}}"{{#if (eq page "overview")}} aria-current="page"{{/if}}>Overview</a></li>
    <li><a href="/portal/c/{{customer.id}}/reports"{{#if (eq page "reports")}} aria-current="page"{{/if}}>Reports</a></li>
    <li><a href="/portal/c/{{customer.id}}/access"{{#if (eq page "access")}} aria-current="page"{{/if}}>Access log</a></li>
    <li><a href="/portal/c/{{customer.id}}/support"{{#if (eq page "support")}} aria-current="page"{{/if}}>Support and schedules</a></li>
    {{#if pick}}<li><a href="/portal">Other customers</a></li>{{/if}}
  </ul>
</nav>
{{/if}}
<main id="main">
<h1>{{title}}</h1>
{{{body}}}
</main>
</body>
</html>`;

const PAGES = {
  message: `<p>{{message}}</p>{{#if signIn}}<p><a class="button" href="/portal/login">Sign in with your work account</a></p>{{/if}}`,
  pick: `<p>Choose a customer.</p>
<ul class="customers">{{#each customers}}<li><a href="/portal/c/{{id}}">{{name}}</a></li>{{/each}}</ul>`,
  overview: `<p class="asof">Devices as of {{asOf}}.</p>
<dl class="figures">
  <div><dt>Compliance</dt><dd>{{compliance}}</dd><dd class="note">devices missing no update at all</dd></div>
  <div><dt>Critical exposure</dt><dd>{{critical}}</dd><dd class="note">devices missing a critical update</dd></div>
  <div><dt>Offline</dt><dd>{{offline}}</dd><dd class="note">of {{devices}} devices</dd></div>
  <div><dt>Open alerts</dt><dd>{{openAlerts}}</dd></div>
</dl>`,
  reports: `<form method="post" action="/portal/c/{{customer.id}}/reports" class="filters">
  <input type="hidden" name="csrf" value="{{csrf}}">
  <label for="kind">Report</label>
  <select id="kind" name="kind">{{#each kinds}}<option value="{{value}}">{{label}}</option>{{/each}}</select>
  <button type="submit">Make it now</button>
</form>
{{#if reports.length}}
<table>
<caption>Every report made for {{customer.name}}, newest first</caption>
<thead><tr><th scope="col">Report</th><th scope="col">Period</th><th scope="col">Made</th><th scope="col">File</th></tr></thead>
<tbody>{{#each reports}}<tr><td>{{title}}</td><td>{{periodLabel}}</td><td>{{madeAt}}</td><td><a href="/portal/c/{{../customer.id}}/reports/{{id}}" download>{{fileName}}</a></td></tr>{{/each}}</tbody>
</table>
{{else}}<p>No report has been made yet.</p>{{/if}}`,
  access: `<form method="get" action="/portal/c/{{customer.id}}/access" class="filters">
  <label for="since">From</label> <input id="since" name="since" type="date" value="{{since}}">
  <label for="until">To</label> <input id="until" name="until" type="date" value="{{until}}">
  <label for="kind">Kind</label>
  <select id="kind" name="kind">
    <option value=""{{#unless kind}} selected{{/unless}}>everything</option>
    <option value="remote"{{#if (eq kind "remote")}} selected{{/if}}>remote sessions</option>
    <option value="break-glass"{{#if (eq kind "break-glass")}} selected{{/if}}>break-glass</option>
    <option value="audit"{{#if (eq kind "audit")}} selected{{/if}}>audit entries</option>
  </select>
  <button type="submit">Show</button>
  <a href="{{csv}}">Export CSV</a>
</form>
{{#if lines.length}}
<table>
<caption>{{lines.length}} entries, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Outcome</th></tr></thead>
<tbody>{{#each lines}}<tr><td>{{when}}</td><td>{{kind}}</td><td>{{who}}</td><td>{{what}}</td><td>{{outcome}}</td></tr>{{/each}}</tbody>
</table>
{{else}}<p>Nothing in this period.</p>{{/if}}`,
  support: `<h2>Who to call</h2>
{{#if contacts.length}}<ul>{{#each contacts}}<li>{{this}}</li>{{/each}}</ul>{{else}}<p>No contacts are set yet.</p>{{/if}}
<h2>Escalation path</h2>
{{#if levels.length}}<ol>{{#each levels}}<li>{{this}}</li>{{/each}}</ol>{{else}}<p>No escalation path is set yet.</p>{{/if}}
<h2>Schedules and maintenance window</h2>
<ul>{{#each schedule}}<li>{{this}}</li>{{/each}}</ul>`,
} as const;

engine.registerHelper('eq', (a: unknown, b: unknown) => a === b);
const layout = engine.compile(LAYOUT, { strict: false });
const pages = Object.fromEntries(
  Object.entries(PAGES).map(([name, text]) => [name, engine.compile(text, { strict: false })]),
) as Record<keyof typeof PAGES, HandlebarsTemplateDelegate>;

export type PageName = keyof typeof PAGES;

export interface Frame {
  title: string;
  msp: string;
  signedIn?: { who: string; csrf: string };
  customer?: { id: string; name: string };
  /** The visitor may look at more than one customer. */
  pick?: boolean;
  page?: PageName;
}

/** A whole page: the frame around one of the pages with its values. */
export function render(name: PageName, frame: Frame, values: Record<string, unknown> = {}): string {
  const body = pages[name]({ ...values, customer: frame.customer, csrf: frame.signedIn?.csrf });
  return layout({
    ...frame,
    who: frame.signedIn?.who,
    csrf: frame.signedIn?.csrf,
    signedIn: !!frame.signedIn,
    page: frame.page ?? name,
    body,
  });
}

/** Plain, readable, high contrast; served from the portal itself (the policy allows no inline style). */
export const PORTAL_CSS = `
:root { color: #1b1b1b; background: #ffffff; font: 16px/1.5 system-ui, sans-serif; }
body { margin: 0 auto; max-width: 60rem; padding: 0 1rem 2rem; }
header { display: flex; justify-content: space-between; align-items: center; border-bottom: 2px solid #1b1b1b; }
.brand { font-weight: 700; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; }
a { color: #0b4f9c; }
a:focus, button:focus, input:focus, select:focus { outline: 3px solid #b35c00; outline-offset: 2px; }
[aria-current="page"] { font-weight: 700; text-decoration: none; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #ffffff; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 700; padding: 0.5rem 0; }
th, td { text-align: left; border-bottom: 1px solid #6b6b6b; padding: 0.4rem; vertical-align: top; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 1rem; }
.figures div { border: 1px solid #6b6b6b; padding: 0.75rem; }
dt { font-weight: 700; } dd { margin: 0; font-size: 1.5rem; } dd.note { font-size: 0.9rem; color: #404040; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-bottom: 1rem; }
button, .button { background: #0b4f9c; color: #ffffff; border: 0; padding: 0.4rem 0.8rem; font: inherit; text-decoration: none; }
.signout { display: flex; gap: 0.5rem; align-items: center; }
`;
