// Small browser helpers called through IJSRuntime. Keep this file tiny; feature interop lives in ES modules.
window.mcpConsole = {
  prefersDark: () => window.matchMedia("(prefers-color-scheme: dark)").matches,
};
