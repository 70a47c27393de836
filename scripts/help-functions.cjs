// The function list of help.html, made at build time from the functions.json that Excel reads
// (so the help page lists exactly what Excel offers, with the descriptions Excel shows). Each
// name links to its section of the README shipped beside help.html in dist/.

/** Text made safe for HTML. */
function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** "README.md#kpinps" from a help URL on any host; the README's own top otherwise. */
function readmeLink(helpUrl) {
  const hash = typeof helpUrl === "string" ? /#[\w-]+$/.exec(helpUrl) : null;
  return `README.md${hash ? hash[0] : ""}`;
}

/**
 * The <table> of functions: name (as typed, with its parameters, optional ones in brackets),
 * linked to its README section, and what it returns.
 * @param {{ functions: { id: string; name: string; description?: string; helpUrl?: string; parameters?: { name: string; optional?: boolean }[] }[] }} metadata
 */
function functionTable(metadata) {
  const rows = metadata.functions.map((f) => {
    const params = (f.parameters ?? []).map((p) => (p.optional ? `[${p.name}]` : p.name)).join(", ");
    return (
      `<tr><th scope="row"><a href="${escapeHtml(readmeLink(f.helpUrl))}"><code>KPI.${escapeHtml(f.name)}</code></a></th>` +
      `<td><code>${escapeHtml(params)}</code></td><td>${escapeHtml(f.description ?? "")}</td></tr>`
    );
  });
  return [
    `<table id="functions">`,
    `<caption>The ${metadata.functions.length} functions of the KPI namespace</caption>`,
    `<thead><tr><th scope="col">Function</th><th scope="col">Arguments</th><th scope="col">What it gives</th></tr></thead>`,
    `<tbody>`,
    ...rows,
    `</tbody>`,
    `</table>`,
  ].join("\n");
}

module.exports = { escapeHtml, functionTable, readmeLink };
