using McpConsole.Core.Fleet;
using McpConsole.Web.Infrastructure.ChildProcesses;

namespace McpConsole.Web.Features.Fleet;

/// <summary>Pure helpers for registry changes: merging input over a definition, diffs, and the stdio rule.</summary>
public static class ServerChanges
{
    public const int MinSlowThresholdMs = 1;
    public const int MaxSlowThresholdMs = 600_000;
    public const int MaxMetricsUrlLength = 2000;

    /// <summary>
    /// Lays <paramref name="input"/> over <paramref name="current"/> (null on create). Errors for secrets that cannot be
    /// kept. Stored secrets belong to the server's origin (<see cref="ServerOrigin"/>): when the change moves the
    /// server, those not entered again are dropped and named in <c>Dropped</c>.
    /// </summary>
    public static (ServerDefinition Definition, List<FieldError> Errors, List<string> Dropped) Merge(ServerInput input, ServerDefinition? current)
    {
        var errors = new List<FieldError>();
        if (current is null && input.Transport is null)
            errors.Add(new(nameof(ServerDefinition.Transport), "transport is required (Stdio, StreamableHttp or Sse)"));

        var command = Text(input.Command, current?.Command);
        var workingDirectory = Text(input.WorkingDirectory, current?.WorkingDirectory);
        var arguments = input.Arguments is null
            ? current?.Arguments ?? []
            : ServerOrigin.ResolveArguments(input.Arguments, current, command, workingDirectory);
        var located = new ServerDefinition
        {
            Name = input.Name ?? current?.Name ?? "",
            Transport = input.Transport ?? current?.Transport ?? ServerTransport.Stdio,
            Command = command,
            Arguments = arguments,
            WorkingDirectory = workingDirectory,
            Url = Text(input.Url, current?.Url),
        };
        var moved = current is not null && ServerOrigin.Changed(current, located);
        var dropped = new List<string>();
        var definition = located with
        {
            SecretArguments = SecretArguments(input, current, arguments),
            PassThroughEnvironment = input.PassThroughEnvironment?.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList()
                ?? current?.PassThroughEnvironment ?? [],
            Environment = KeepSecrets(nameof(ServerDefinition.Environment), input.Environment, current?.Environment, moved,
                located.Transport == ServerTransport.Stdio ? dropped : [], errors),
            Headers = KeepSecrets(nameof(ServerDefinition.Headers), input.Headers, current?.Headers, moved, located.IsHttp ? dropped : [], errors),
            Group = Text(input.Group, current?.Group),
            Location = Text(input.Location, current?.Location),
            Tags = input.Tags ?? current?.Tags ?? [],
            CpuCores = input.CpuCores ?? current?.CpuCores,
            MemoryMb = input.MemoryMb ?? current?.MemoryMb,
            ProbeIntervalSeconds = input.ProbeIntervalSeconds ?? current?.ProbeIntervalSeconds ?? ServerDefinition.DefaultProbeIntervalSeconds,
            TimeoutSeconds = input.TimeoutSeconds ?? current?.TimeoutSeconds ?? ServerDefinition.DefaultTimeoutSeconds,
            Enabled = input.Enabled ?? current?.Enabled ?? true,
        };
        for (var i = 0; i < arguments.Count; i++)
        {
            if (SecretRedaction.IsPlaceholder(arguments[i]))
                errors.Add(new(nameof(ServerDefinition.Arguments), $"argument {i} is a secret with no stored value to keep (a stored one is kept only while the command and working directory stay): enter its value"));
        }

        if (definition.Transport == ServerTransport.Stdio)
        {
            foreach (var name in definition.PassThroughEnvironment)
            {
                if (ChildEnvironment.CheckPassThroughName(name) is { } problem)
                    errors.Add(new(nameof(ServerDefinition.PassThroughEnvironment), problem));
            }
        }

        return (definition, errors, dropped);
    }

    /// <summary>The marked secret arguments: as given, else the stored marks of arguments still sent as placeholders.</summary>
    private static IReadOnlyList<int> SecretArguments(ServerInput input, ServerDefinition? current, IReadOnlyList<string> arguments)
    {
        if (input.SecretArguments is { } given)
            return [.. given.Where(i => i >= 0 && i < arguments.Count).Distinct().Order()];
        if (input.Arguments is null)
            return current?.SecretArguments ?? [];
        return [.. Enumerable.Range(0, arguments.Count).Where(i => SecretRedaction.IsPlaceholder(input.Arguments[i]) && !SecretRedaction.IsPlaceholder(arguments[i]))];
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
            || !before.PassThroughEnvironment.SequenceEqual(after.PassThroughEnvironment)
            || before.WorkingDirectory != after.WorkingDirectory;
    }

    /// <summary>
    /// The command line for the audit log: command, arguments (secret ones redacted), environment names (never values),
    /// pass-through names, directory.
    /// </summary>
    public static string DescribeCommand(ServerDefinition d)
    {
        if (d.Transport != ServerTransport.Stdio)
            return $"transport {d.Transport} (no command)";
        var line = string.Join(' ', new[] { d.Command ?? "" }.Concat(ArgumentSecrets.Redact(d)).Select(Quote));
        var env = d.Environment.Count == 0 ? "" : $"; env names: {string.Join(", ", d.Environment.Keys.Order(StringComparer.Ordinal))}";
        var passThrough = d.PassThroughEnvironment.Count == 0 ? "" : $"; pass-through: {string.Join(", ", d.PassThroughEnvironment)}";
        var cwd = d.WorkingDirectory is null ? "" : $"; cwd: {d.WorkingDirectory}";
        return line + env + passThrough + cwd;
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
        Check(a.PassThroughEnvironment.SequenceEqual(b.PassThroughEnvironment), nameof(ServerDefinition.PassThroughEnvironment));
        Check(ArgumentSecrets.Indexes(a).SequenceEqual(ArgumentSecrets.Indexes(b)), nameof(ServerDefinition.SecretArguments));
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
        var args = ServerMapping.ShownArguments(argumentsJson);
        return string.Join(' ', new[] { command ?? "" }.Concat(args).Select(Quote));
    }

    internal static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static string? Text(string? input, string? current) =>
        input is null ? current : string.IsNullOrWhiteSpace(input) ? null : input;

    private static IReadOnlyDictionary<string, string> KeepSecrets(string field, IReadOnlyDictionary<string, string>? input,
        IReadOnlyDictionary<string, string>? current, bool moved, List<string> dropped, List<FieldError> errors)
    {
        var stored = current ?? new Dictionary<string, string>();
        if (input is null && !moved)
            return stored;
        var merged = ServerOrigin.KeepOrDrop(input ?? SecretRedaction.Redact(stored), stored, moved, dropped);
        foreach (var (key, value) in merged)
        {
            if (SecretRedaction.IsPlaceholder(value))
                errors.Add(new(field, $"'{key}' has no stored value to keep: enter its value"));
        }

        return merged;
    }

    private static string Quote(string s) =>
        s.Length > 0 && !s.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? s : "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
