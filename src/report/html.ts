import { createHash } from 'node:crypto';
import { SEVERITIES, severityRank } from '../analyzer/severity.js';
import type { AuditReport, Finding, ReportResource, Severity } from '../model/index.js';
import { resourceRows } from './_group.js';
import { escapeHtml as e } from './_text.js';
import { workflowLines } from './_workflow.js';

const VERDICTS = ['PUBLIC', 'PUBLIC_AUTHENTICATED', 'RESTRICTED', 'SHARED', 'LATENT', 'PRIVATE', 'UNKNOWN'];
const VERDICT_RANK: Record<string, number> = Object.fromEntries(VERDICTS.map((v, i) => [v, VERDICTS.length - i]));

const CSS = `
:root{--bg:#fff;--fg:#1f2328;--mut:#656d76;--bd:#d0d7de;--crit:#a40e26;--high:#d1242f;--med:#9a6700;--low:#0969da;--info:#6e7781}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:24px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}.mut{color:var(--mut)}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--bd);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;white-space:nowrap}th[data-sort]{cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
.sev{font-weight:600;text-transform:uppercase;font-size:12px}.sev-critical{color:var(--crit)}.sev-high{color:var(--high)}.sev-medium{color:var(--med)}.sev-low{color:var(--low)}.sev-info{color:var(--info)}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid var(--bd);border-radius:6px;padding:8px 12px;min-width:110px}.card b{display:block;font-size:20px}
.controls{display:flex;gap:8px;flex-wrap:wrap;margin:12px 0}.controls input,.controls select{padding:4px 6px;border:1px solid var(--bd);border-radius:4px;font:inherit}
.controls input{min-width:260px}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:1px 4px;border-radius:4px;word-break:break-all}
details summary{cursor:pointer;color:var(--low)}details ul{margin:4px 0;padding-left:18px}pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px;white-space:pre-wrap}
.st-fail{color:var(--high);font-weight:600}.st-unknown{color:var(--med);font-weight:600}.st-pass{color:#1a7f37}.partial{border-left:4px solid var(--med);padding:4px 8px;background:#fff8c5}
`;

const JS = `
(function(){
  var tbody=document.querySelector('#resources tbody');
  var rows=Array.prototype.slice.call(tbody.querySelectorAll('tr.res'));
  var q=document.getElementById('filter'),fv=document.getElementById('f-verdict'),fs=document.getElementById('f-severity'),fp=document.getElementById('f-provider');
  var count=document.getElementById('shown');
  function apply(){
    var text=q.value.trim().toLowerCase(),v=fv.value,s=fs.value,p=fp.value,n=0;
    rows.forEach(function(r){
      var ok=(!text||r.getAttribute('data-text').indexOf(text)>=0)&&(!v||r.getAttribute('data-verdict')===v)&&(!s||r.getAttribute('data-severity')===s)&&(!p||r.getAttribute('data-provider')===p);
      r.hidden=!ok;if(ok)n++;
    });
    count.textContent=String(n);
  }
  [q,fv,fs,fp].forEach(function(el){el.addEventListener('input',apply);el.addEventListener('change',apply);});
  var ths=Array.prototype.slice.call(document.querySelectorAll('#resources th[data-sort]'));
  ths.forEach(function(th){
    th.addEventListener('click',function(){
      var key=th.getAttribute('data-sort'),numeric=th.hasAttribute('data-numeric');
      var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
      ths.forEach(function(o){o.removeAttribute('aria-sort');});th.setAttribute('aria-sort',dir);
      var m=dir==='ascending'?1:-1;
      rows.sort(function(a,b){
        var x=a.getAttribute('data-'+key)||'',y=b.getAttribute('data-'+key)||'';
        var c=numeric?(Number(x)-Number(y)):x.localeCompare(y);
        return c*m||((a.getAttribute('data-order')|0)-(b.getAttribute('data-order')|0));
      });
      rows.forEach(function(r){tbody.appendChild(r);});
    });
  });
  apply();
})();
`;

/**
 * The CSP allows exactly this script (by hash), not 'unsafe-inline': should any datum ever escape unescaped, an
 * injected <script> or on* handler is still refused by the browser.
 */
const SCRIPT_SRC = `'sha256-${createHash('sha256').update(JS).digest('base64')}'`;

function findingItem(f: Finding): string {
  const ev = f.evidence
    .slice(0, 8)
    .map((x) => `<li>${e(x.kind)}${x.path ? ` <code>${e(x.path)}</code>` : ''}: ${e(x.summary)}</li>`)
    .join('');
  return `<li><span class="st-${e(f.status)}">${e(f.status)}</span> <code>${e(f.checkId)}</code> <span class="sev sev-${e(f.severity)}">${e(f.severity)}</span> ${e(f.message)}${ev ? `<ul>${ev}</ul>` : ''}</li>`;
}

function explanation(r: ReportResource, findings: Finding[]): string {
  const parts: string[] = [];
  parts.push(
    `<p><b>Verdict</b> ${e(r.verdict)} · <span class="sev sev-${e(r.severity)}">${e(r.severity)}</span> · <code>${e(r.id)}</code></p>`,
  );
  if (r.source.file || r.address)
    parts.push(
      `<p><b>Source</b> ${e(r.source.origin)} ${r.source.file ? `<code>${e(r.source.file)}${r.source.line ? `:${r.source.line}` : ''}</code>` : ''} ${r.address ? `<code>${e(r.address)}</code>` : ''}</p>`,
    );
  if (r.reasons.length > 0)
    parts.push(
      `<p><b>Why (grants and evidence)</b></p><ul>${r.reasons.map((x) => `<li>${e(x.summary)}${x.path ? ` <code>${e(x.path)}</code>` : ''}${x.rules?.length ? ` <span class="mut">[${e(x.rules.join(', '))}]</span>` : ''}</li>`).join('')}</ul>`,
    );
  if (r.neutralizedBy.length > 0)
    parts.push(`<p><b>Neutralised by</b> ${r.neutralizedBy.map((x) => `<code>${e(x)}</code>`).join(' ')}</p>`);
  const guard = findings.filter((f) => f.evidence.some((x) => x.kind === 'guardrail'));
  if (guard.length > 0) parts.push(`<p><b>Guardrails</b></p><ul>${guard.map(findingItem).join('')}</ul>`);
  const other = findings.filter((f) => !guard.includes(f) && f.status !== 'pass');
  if (other.length > 0) parts.push(`<p><b>Findings</b></p><ul>${other.map(findingItem).join('')}</ul>`);
  if (r.unknownInputs.length > 0)
    parts.push(
      `<p><b>Unreadable inputs</b></p><ul>${r.unknownInputs.map((u) => `<li><code>${e(u.input)}</code> ${e(u.reason)}${u.code ? ` (${e(u.code)})` : ''}${u.detail ? `: ${e(u.detail)}` : ''}</li>`).join('')}</ul>`,
    );
  if (r.providerOpinion)
    parts.push(
      `<p><b>Provider opinion</b> ${e(r.providerOpinion.source)}: ${e(r.providerOpinion.isPublic === undefined ? 'none' : r.providerOpinion.isPublic ? 'public' : 'not public')}</p>`,
    );
  if (r.disagreement) parts.push(`<p><b>Disagreement</b> with ${e(r.disagreement.with)}: ${e(r.disagreement.detail)}</p>`);
  if (r.probe)
    parts.push(
      `<p><b>Probe</b> ${e(r.probe.status)}${r.probe.capabilities.length ? ` (${e(r.probe.capabilities.join(', '))})` : ''}</p><ul>${r.probe.observations.map((o) => `<li><code>${e(o.method)} ${e(o.url)}</code> → ${e(o.status ?? '-')} ${e(o.code ?? '')} ${e(o.outcome)}</li>`).join('')}</ul>`,
    );
  const seen = new Set<string>();
  const rem: string[] = [];
  for (const f of findings) {
    if (f.status !== 'fail' || seen.has(f.checkId)) continue;
    seen.add(f.checkId);
    const x = f.remediation;
    rem.push(
      `<li><code>${e(f.checkId)}</code> ${e(x.summary)}${x.cli ? `<pre>${e(x.cli)}</pre>` : ''}${x.terraform ? `<pre>${e(x.terraform)}</pre>` : ''}${x.console ? `<div class="mut">${e(x.console)}</div>` : ''}</li>`,
    );
  }
  if (rem.length > 0) parts.push(`<p><b>Remediation</b></p><ul>${rem.join('')}</ul>`);
  return parts.join('');
}

/** One self-contained HTML file (inline CSS+JS, no network); every datum is HTML-escaped. */
export function renderHtml(report: AuditReport): string {
  const rows = resourceRows(report);
  const byRes = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const l = byRes.get(f.resourceId) ?? [];
    l.push(f);
    byRes.set(f.resourceId, l);
  }
  const providers = [...new Set(report.resources.map((r) => r.provider))].sort();
  const matrix = providers
    .map((p) => {
      const cells = SEVERITIES.map((s) => report.resources.filter((r) => r.provider === p && r.severity === s).length);
      return `<tr><th>${e(p)}</th>${cells.map((n) => `<td>${n}</td>`).join('')}<td>${report.resources.filter((r) => r.provider === p).length}</td></tr>`;
    })
    .join('');
  const s = report.summary;
  const body = rows
    .map((row, i) => {
      const r = row.resource;
      const fs = byRes.get(r.id) ?? [];
      const caps = r.capabilities.map((c) => (c.scope === 'bucket' ? c.capability : `${c.capability}(${c.scope})`)).join(', ');
      const text = [
        r.name,
        r.id,
        r.account,
        r.address ?? '',
        r.verdict,
        r.provider,
        ...r.reasons.map((x) => x.summary),
        ...row.fails.map((f) => f.checkId),
      ]
        .join(' ')
        .toLowerCase();
      const sev: Severity = r.severity;
      return `<tr class="res" data-order="${i}" data-name="${e(r.name.toLowerCase())}" data-provider="${e(r.provider)}" data-verdict="${e(r.verdict)}" data-verdict-rank="${VERDICT_RANK[r.verdict] ?? 0}" data-severity="${e(sev)}" data-sev-rank="${severityRank(sev)}" data-account="${e(r.account)}" data-fails="${row.fails.length}" data-text="${e(text)}">
<td class="sev sev-${e(sev)}">${e(sev)}</td><td>${e(r.verdict)}</td><td>${e(r.provider)}</td><td class="name"><b>${e(r.name)}</b>${r.address ? `<br><code>${e(r.address)}</code>` : ''}</td><td>${e(r.account)}</td><td>${e(caps)}</td><td>${row.fails.length}${row.unknowns.length ? ` <span class="st-unknown">+${row.unknowns.length}?</span>` : ''}</td>
<td><details><summary>explain</summary>${explanation(r, fs)}</details></td></tr>`;
    })
    .join('\n');
  const opt = (xs: readonly string[]) => xs.map((x) => `<option value="${e(x)}">${e(x)}</option>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src ${SCRIPT_SRC}; img-src data:">
<title>bucketaudit report</title><style>${CSS}</style></head>
<body>
<h1>bucketaudit report</h1>
<p class="mut">${e(report.tool.name)} ${e(report.tool.version)} · ${e(report.command)} · ${e(report.generatedAt)}</p>
${s.partial ? '<p class="partial">Partial result: some inputs could not be read (see unknown findings).</p>' : ''}
<div class="cards" id="summary">
<div class="card"><b>${s.resources}</b>resources</div>
<div class="card"><b class="st-fail">${s.findings.fail}</b>failing</div>
<div class="card"><b class="st-unknown">${s.findings.unknown}</b>unknown</div>
<div class="card"><b class="st-pass">${s.findings.pass}</b>passing</div>
<div class="card"><b>${s.findings.suppressed}</b>suppressed</div>
</div>
<h2>Resources by provider and severity</h2>
<table id="matrix"><thead><tr><th>provider</th>${SEVERITIES.map((x) => `<th class="sev sev-${x}">${x}</th>`).join('')}<th>total</th></tr></thead><tbody>${matrix}</tbody></table>
<h2>Resources (<span id="shown">${rows.length}</span> of ${rows.length})</h2>
<div class="controls">
<input id="filter" type="search" placeholder="Filter by name, id, account, reason, check..." aria-label="Filter">
<select id="f-verdict" aria-label="Verdict"><option value="">All verdicts</option>${opt(VERDICTS)}</select>
<select id="f-severity" aria-label="Severity"><option value="">All severities</option>${opt(SEVERITIES)}</select>
<select id="f-provider" aria-label="Provider"><option value="">All providers</option>${opt(providers)}</select>
</div>
<table id="resources"><thead><tr>
<th data-sort="sev-rank" data-numeric>Severity</th><th data-sort="verdict-rank" data-numeric>Verdict</th><th data-sort="provider">Provider</th><th data-sort="name">Name</th><th data-sort="account">Account</th><th>Capabilities</th><th data-sort="fails" data-numeric>Failing</th><th>Explanation</th>
</tr></thead><tbody>
${body}
</tbody></table>
${workflowHtml(report, e)}
${report.errors.length > 0 ? `<h2>Errors</h2><ul>${report.errors.map((x) => `<li>${e(x.stage)}${x.code ? ` <code>${e(x.code)}</code>` : ''}: ${e(x.message)}</li>`).join('')}</ul>` : ''}
<script>${JS}</script>
</body></html>
`;
}

/** Baseline counts, allowlisted resources (reason, owner, expiry), expired entries, inline suppressions. */
function workflowHtml(report: AuditReport, e: (s: string) => string): string {
  const w = workflowLines(report);
  const list = (id: string, title: string, items: string[]) =>
    items.length ? `<h2 id="${id}">${title} (${items.length})</h2><ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>` : '';
  return [
    w.baseline ? `<p id="baseline"><b>${e(w.baseline)}</b></p>` : '',
    list('allowed', 'Allowed (intended public)', w.allowed),
    list('expired', 'Expired allowlist entries', w.expired),
    list('suppressed', 'Suppressed', w.inline),
  ].join('\n');
}
