using McpConsole.Core.Fleet;

namespace McpConsole.Web.Features.Fleet;

/// <summary>One environment variable or header in the form. <see cref="Stored"/>: the value came redacted from the registry.</summary>
public sealed class KeyValueRow
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
    public bool Stored { get; init; }
}

/// <summary>The add/edit form's state, converted to and from <see cref="ServerInput"/> / <see cref="ServerView"/>.</summary>
public sealed class ServerForm
{
    public string Name { get; set; } = "";
    public ServerTransport Transport { get; set; } = ServerTransport.StreamableHttp;
    public string? Command { get; set; }

    /// <summary>One argument per line (arguments may contain spaces).</summary>
    public string ArgumentsText { get; set; } = "";

    /// <summary>Line numbers (from 1) of secret arguments, comma-separated.</summary>
    public string SecretArgumentsText { get; set; } = "";

    /// <summary>Names of the console's variables passed to the process, comma-separated (Admin only).</summary>
    public string PassThroughText { get; set; } = "";
    public List<KeyValueRow> Environment { get; set; } = [];
    public string? WorkingDirectory { get; set; }
    public string? Url { get; set; }
    public List<KeyValueRow> Headers { get; set; } = [];
    public string? Group { get; set; }
    public string? Location { get; set; }

    /// <summary>Comma-separated.</summary>
    public string TagsText { get; set; } = "";
    public double? CpuCores { get; set; }
    public int? MemoryMb { get; set; }
    public int ProbeIntervalSeconds { get; set; } = ServerDefinition.DefaultProbeIntervalSeconds;
    public int TimeoutSeconds { get; set; } = ServerDefinition.DefaultTimeoutSeconds;
    public int SlowThresholdMs { get; set; } = 2000;
    public bool CheckHttpHealthEndpoints { get; set; }

    /// <summary>HTTP servers: Prometheus metrics elsewhere than {origin}/metrics (empty: the default).</summary>
    public string? MetricsUrl { get; set; }
    public bool Enabled { get; set; } = true;

    public static ServerForm From(ServerView v) => new()
    {
        Name = v.Name,
        Transport = v.Transport,
        Command = v.Command,
        ArgumentsText = string.Join('\n', v.Arguments),
        SecretArgumentsText = string.Join(", ", v.SecretArguments.Select(i => i + 1)),
        PassThroughText = string.Join(", ", v.PassThroughEnvironment),
        Environment = [.. v.Environment.Select(e => new KeyValueRow { Key = e.Key, Value = e.Value, Stored = true })],
        WorkingDirectory = v.WorkingDirectory,
        Url = v.Url,
        Headers = [.. v.Headers.Select(h => new KeyValueRow { Key = h.Key, Value = h.Value, Stored = true })],
        Group = v.Group,
        Location = v.Location,
        TagsText = string.Join(", ", v.Tags),
        CpuCores = v.CpuCores,
        MemoryMb = v.MemoryMb,
        ProbeIntervalSeconds = v.ProbeIntervalSeconds,
        TimeoutSeconds = v.TimeoutSeconds,
        SlowThresholdMs = v.SlowThresholdMs,
        CheckHttpHealthEndpoints = v.CheckHttpHealthEndpoints,
        MetricsUrl = v.MetricsUrl,
        Enabled = v.Enabled,
    };

    /// <summary>Every field is sent (a full replacement); stored secrets travel as "&lt;redacted&gt;" and are kept.</summary>
    public ServerInput ToInput()
    {
        var stdio = Transport == ServerTransport.Stdio;
        return new ServerInput
        {
            Name = Name,
            Transport = Transport,
            Command = stdio ? Command ?? "" : "",
            Arguments = stdio ? ArgumentsText.Split('\n').Select(a => a.TrimEnd('\r')).Where(a => a.Length > 0).ToList() : [],
            SecretArguments = stdio ? [.. Split(SecretArgumentsText).Select(n => int.TryParse(n, out var line) ? line - 1 : -1).Where(i => i >= 0)] : [],
            PassThroughEnvironment = stdio ? Split(PassThroughText) : [],
            Environment = stdio ? ToMap(Environment) : new Dictionary<string, string>(),
            WorkingDirectory = stdio ? WorkingDirectory ?? "" : "",
            Url = stdio ? "" : Url ?? "",
            Headers = stdio ? new Dictionary<string, string>() : ToMap(Headers),
            Group = Group ?? "",
            Location = Location ?? "",
            Tags = Split(TagsText),
            CpuCores = CpuCores,
            MemoryMb = MemoryMb,
            ProbeIntervalSeconds = ProbeIntervalSeconds,
            TimeoutSeconds = TimeoutSeconds,
            SlowThresholdMs = SlowThresholdMs,
            CheckHttpHealthEndpoints = CheckHttpHealthEndpoints,
            MetricsUrl = stdio ? "" : MetricsUrl ?? "",
            Enabled = Enabled,
        };
    }

    private static List<string> Split(string text) => [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static Dictionary<string, string> ToMap(List<KeyValueRow> rows)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => !string.IsNullOrWhiteSpace(r.Key)))
            map[row.Key.Trim()] = row.Value;
        return map;
    }
}
