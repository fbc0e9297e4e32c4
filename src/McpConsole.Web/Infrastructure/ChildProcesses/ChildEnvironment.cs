using System.Diagnostics;
using System.Text.RegularExpressions;

namespace McpConsole.Web.Infrastructure.ChildProcesses;

/// <summary>
/// The environment of every program the console starts (stdio servers, pg_dump/pg_restore/psql, failover commands,
/// demo servers): PATH, HOME, LANG and TZ from the console, the names an Admin passes through, then the variables
/// the caller defines. Never the console's own environment, which holds its master key, database connection string
/// and bootstrap secrets.
/// </summary>
public static partial class ChildEnvironment
{
    public static readonly IReadOnlyList<string> Inherited = ["PATH", "HOME", "LANG", "TZ"];

    /// <summary>The console's own settings (McpConsole__*) are never passed through, whatever a server asks for.</summary>
    public const string ConsolePrefix = "McpConsole";

    /// <param name="defined">Variables the definition sets; they win over inherited ones.</param>
    /// <param name="passThrough">Names copied from the console's environment when set there.</param>
    public static Dictionary<string, string> Build(IReadOnlyDictionary<string, string>? defined = null, IEnumerable<string>? passThrough = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Inherited.Concat(passThrough ?? []))
        {
            if (IsConsoleSetting(name))
                continue;
            if (Environment.GetEnvironmentVariable(name) is { } value)
                env[name] = value;
        }

        foreach (var (name, value) in defined ?? new Dictionary<string, string>())
            env[name] = value;
        return env;
    }

    /// <summary>Replaces the start info's environment (a copy of the console's by default) with <paramref name="env"/>.</summary>
    public static void ApplyTo(ProcessStartInfo start, IReadOnlyDictionary<string, string> env)
    {
        start.Environment.Clear();
        foreach (var (name, value) in env)
            start.Environment[name] = value;
    }

    /// <summary>Why a pass-through name is refused, or null: a plain variable name, never the console's own settings.</summary>
    public static string? CheckPassThroughName(string name) =>
        !VariableName().IsMatch(name) ? $"'{name}' is not an environment variable name (letters, digits, underscore)"
        : IsConsoleSetting(name) ? $"'{name}' is one of the console's own settings: it is never passed to a child process"
        : null;

    private static bool IsConsoleSetting(string name) => name.StartsWith(ConsolePrefix, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex VariableName();
}
