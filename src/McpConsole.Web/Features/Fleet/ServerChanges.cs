using McpConsole.Core.Fleet;

namespace McpConsole.Web.Features.Fleet;

/// <summary>Pure helpers for registry changes: merging input over a definition, diffs, and the stdio rule.</summary>
public static class ServerChanges
{
    public const int MinSlowThresholdMs = 1;
    public const int MaxSlowThresholdMs = 600_000;
    public const int MaxMetricsUrlLength = 2000;

    /// <summary>Lays <paramref name="input"/> over <paramref name="current"/> (null on create). Errors for secrets that cannot be kept.</summary>
    public static (ServerDefinition Definition, List<FieldError> Errors) Merge(ServerInput input, ServerDefinition? current)
    {
        var errors = new List<FieldError>();
        if (current is null && input.Transport is null)
            errors.Add(new(nameof(ServerDefinition.Transport), "transport is required (Stdio, StreamableHttp or Sse)"));

        var definition = new ServerDefinition
        {
            Name = input.Name ?? current?.Name ?? "",
            Transport = input.Transport ?? current?.Transport ?? ServerTransport.Stdio,
            Command = Text(input.Command, current?.Command),
            Arguments = input.Arguments ?? current?.Arguments ?? [],
            Environment = KeepSecrets(nameof(ServerDefinition.Environment), input.Environment, current?.Environment, errors),
            WorkingDirectory = Text(input.WorkingDirectory, current?.WorkingDirectory),
            Url = Text(input.Url, current?.Url),
            Headers = KeepSecrets(nameof(ServerDefinition.Headers), input.Headers, current?.Headers, errors),
            Group = Text(input.Group, current?.Group),
            Location = Text(input.Location, current?.Location),
            Tags = input.Tags ?? current?.Tags ?? [],
            CpuCores = input.CpuCores ?? current?.CpuCores,
            MemoryMb = input.MemoryMb ?? current?.MemoryMb,
            ProbeIntervalSeconds = input.ProbeIntervalSeconds ?? current?.ProbeIntervalSeconds ?? ServerDefinition.DefaultProbeIntervalSeconds,
            TimeoutSeconds = input.TimeoutSeconds ?? current?.TimeoutSeconds ?? ServerDefinition.DefaultTimeoutSeconds,
            Enabled = input.Enabled ?? current?.Enabled ?? true,
        };
        return (definition, errors);
    }

    public static IEnumerable<FieldError> ValidateSettings(int slowThresholdMs, string? metricsUrl = null)
    {
        if (slowThresholdMs is < MinSlowThresholdMs or > MaxSlowThresholdMs)
            yield return new("SlowThresholdMs", $"slow threshold must be between {MinSlowThresholdMs} and {MaxSlowThresholdMs} ms");
        if (metricsUrl is not null
            && (metricsUrl.Length > MaxMetricsUrlLength || !Uri.TryCreate(metricsUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            yield return new("MetricsUrl", $"metrics URL must be an absolute http:// or https:// URL of at most {MaxMetricsUrlLength} characters");
    }

    /// <summary>
    /// The metrics URL after a change: the input over the current one ("" clears it); none for stdio servers, whose
    /// usage is read from the process table.
    /// </summary>
    public static string? MetricsUrl(string? input, string? current, ServerDefinition definition) =>
        definition.IsHttp ? Text(input?.Trim(), current) : null;

    /// <summary>True when the change starts a different program on this host: Admin only.</summary>
    public static bool ChangesStdioCommand(ServerDefinition? before, ServerDefinition after)
    {
        if (before is null)
            return after.Transport == ServerTransport.Stdio;
        if (before.Transport != ServerTransport.Stdio && after.Transport != ServerTransport.Stdio)
            return false;
        return before.Transport != after.Transport
            || before.Command != after.Command
            || !before.Arguments.SequenceEqual(after.Arguments)
            || !SameMap(before.Environment, after.Environment)
            || before.WorkingDirectory != after.WorkingDirectory;
    }

    /// <summary>The command line for the audit log: command, arguments, environment names (never values), directory.</summary>
    public static string DescribeCommand(ServerDefinition d)
    {
        if (d.Transport != ServerTransport.Stdio)
            return $"transport {d.Transport} (no command)";
        var line = string.Join(' ', new[] { d.Command ?? "" }.Concat(d.Arguments).Select(Quote));
        var env = d.Environment.Count == 0 ? "" : $"; env names: {string.Join(", ", d.Environment.Keys.Order(StringComparer.Ordinal))}";
        var cwd = d.WorkingDirectory is null ? "" : $"; cwd: {d.WorkingDirectory}";
        return line + env + cwd;
    }

    /// <summary>Names of the fields that differ (secrets compared by value, reported by name only).</summary>
    public static List<string> ChangedFields(ServerDefinition a, ServerDefinition b, params (string Field, bool Same)[] extra)
    {
        var fields = new List<string>();
        void Check(bool same, string field)
        {
            if (!same)
                fields.Add(field);
        }

        Check(a.Name == b.Name, nameof(ServerDefinition.Name));
        Check(a.Transport == b.Transport, nameof(ServerDefinition.Transport));
        Check(a.Command == b.Command, nameof(ServerDefinition.Command));
        Check(a.Arguments.SequenceEqual(b.Arguments), nameof(ServerDefinition.Arguments));
        Check(SameMap(a.Environment, b.Environment), nameof(ServerDefinition.Environment));
        Check(a.WorkingDirectory == b.WorkingDirectory, nameof(ServerDefinition.WorkingDirectory));
        Check(a.Url == b.Url, nameof(ServerDefinition.Url));
        Check(SameMap(a.Headers, b.Headers), nameof(ServerDefinition.Headers));
        Check(a.Group == b.Group, nameof(ServerDefinition.Group));
        Check(a.Location == b.Location, nameof(ServerDefinition.Location));
        Check(a.Tags.SequenceEqual(b.Tags), nameof(ServerDefinition.Tags));
        Check(a.CpuCores == b.CpuCores, nameof(ServerDefinition.CpuCores));
        Check(a.MemoryMb == b.MemoryMb, nameof(ServerDefinition.MemoryMb));
        Check(a.ProbeIntervalSeconds == b.ProbeIntervalSeconds, nameof(ServerDefinition.ProbeIntervalSeconds));
        Check(a.TimeoutSeconds == b.TimeoutSeconds, nameof(ServerDefinition.TimeoutSeconds));
        Check(a.Enabled == b.Enabled, nameof(ServerDefinition.Enabled));
        foreach (var (field, same) in extra)
            Check(same, field);
        return fields;
    }

    public static string Endpoint(string transport, string? url, string? command, string? argumentsJson)
    {
        if (transport != nameof(ServerTransport.Stdio))
            return url ?? "";
        var args = ServerMapping.ReadList(argumentsJson);
        return string.Join(' ', new[] { command ?? "" }.Concat(args).Select(Quote));
    }

    internal static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static string? Text(string? input, string? current) =>
        input is null ? current : string.IsNullOrWhiteSpace(input) ? null : input;

    private static IReadOnlyDictionary<string, string> KeepSecrets(string field, IReadOnlyDictionary<string, string>? input,
        IReadOnlyDictionary<string, string>? current, List<FieldError> errors)
    {
        if (input is null)
            return current ?? new Dictionary<string, string>();
        var merged = new Dictionary<string, string>(input.Count, StringComparer.Ordinal);
        foreach (var (key, value) in input)
        {
            if (!SecretRedaction.IsPlaceholder(value))
                merged[key] = value;
            else if (current is not null && current.TryGetValue(key, out var kept))
                merged[key] = kept;
            else
                errors.Add(new(field, $"'{key}' has no stored value to keep: enter its value"));
        }

        return merged;
    }

    private static string Quote(string s) =>
        s.Length > 0 && !s.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? s : "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
