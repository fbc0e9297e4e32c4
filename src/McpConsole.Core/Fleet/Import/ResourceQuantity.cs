using System.Globalization;
using System.Text.RegularExpressions;

namespace McpConsole.Core.Fleet.Import;

/// <summary>
/// Reads resource allocations as written in deployment configs: memory "256MB", "1GB", "512Mi", "1.5G", "512"
/// (plain numbers are megabytes; MB and MiB are both taken as 1024-based, as Docker does) and CPU "0.5", "2", "250m".
/// </summary>
public static partial class ResourceQuantity
{
    public static bool TryParseMemoryMb(string text, out int megabytes)
    {
        megabytes = 0;
        var match = MemoryPattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["amount"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var perUnit = match.Groups["unit"].Value.ToUpperInvariant() switch
        {
            "" or "M" or "MB" or "MI" or "MIB" => 1.0,
            "G" or "GB" or "GI" or "GIB" => 1024.0,
            "T" or "TB" or "TI" or "TIB" => 1024.0 * 1024.0,
            "K" or "KB" or "KI" or "KIB" => 1.0 / 1024.0,
            _ => double.NaN,
        };
        var mb = Math.Ceiling(amount * perUnit);
        if (double.IsNaN(mb) || mb < 1 || mb > int.MaxValue)
        {
            return false;
        }

        megabytes = (int)mb;
        return true;
    }

    public static bool TryParseCpuCores(string text, out double cores)
    {
        cores = 0;
        var trimmed = text.Trim();
        var milli = trimmed.EndsWith('m');
        var number = milli ? trimmed[..^1] : trimmed;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }

        cores = milli ? value / 1000.0 : value;
        return true;
    }

    public static string Example(string key) => key == "memory" ? "expected e.g. 256MB or 1GB" : "expected e.g. 0.5 or 250m";

    [GeneratedRegex(@"^(?<amount>\d+(\.\d+)?)\s*(?<unit>[A-Za-z]*)$")]
    private static partial Regex MemoryPattern();
}
