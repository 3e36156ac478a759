/** Escapes text for HTML content and attribute values. */
export const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * A table from rows (the first is the header), in a box that scrolls sideways on a narrow screen instead of pushing
 * the page wider than the phone it is read on.
 */
export const table = (rows: string[][], cls = ""): string => {
  const head = rows[0]!.map((c) => `<th>${esc(c)}</th>`).join("");
  const body = rows
    .slice(1)
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
    .join("");
  return (
    `<div class="scroll"><table class="${cls}">` + `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`
  );
};
