using MudBlazor;

namespace McpConsole.Web.Components.Layout;

public static class ConsoleTheme
{
    // System fonts only: the console must work with no internet (no web-font CDN).
    private static readonly string[] Fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4ed8",
            Secondary = "#475569",
            AppbarBackground = "#0f172a",
            Success = "#15803d",
            Warning = "#b45309",
            Error = "#b91c1c",
            Info = "#0369a1",
            // Darker than MudBlazor's default grey so secondary text keeps a 4.5:1 contrast.
            TextSecondary = "#475569",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#60a5fa",
            Secondary = "#94a3b8",
            AppbarBackground = "#020617",
            Background = "#0b1120",
            Surface = "#111827",
            DrawerBackground = "#0f172a",
            Success = "#4ade80",
            Warning = "#fbbf24",
            Error = "#f87171",
            Info = "#38bdf8",
            // The dark palette's colours are light, so text on filled chips and buttons must be dark (4.5:1).
            PrimaryContrastText = "#0b1120",
            SuccessContrastText = "#052e16",
            WarningContrastText = "#451a03",
            ErrorContrastText = "#450a0a",
            InfoContrastText = "#082f49",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
        },
    };
}
