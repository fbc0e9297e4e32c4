// Small browser helpers called through IJSRuntime. Keep this file tiny; feature interop lives in ES modules.
window.mcpConsole = {
  // Lets people and browser tests know the page is live (clicks before this are lost on a prerendered page).
  markInteractive: () => { document.body.dataset.interactive = "true"; },
  prefersDark: () => window.matchMedia("(prefers-color-scheme: dark)").matches,
};
