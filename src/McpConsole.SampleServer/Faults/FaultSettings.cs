using System.Globalization;
using System.Text.Json.Serialization;

namespace McpConsole.SampleServer.Faults;

/// <summary>
/// The set of injected faults. The same keys serve the command line (<c>--fault-latency-ms 200</c>), the
/// environment (<c>MCP_SAMPLE_FAULTS="latency-ms=200;hang"</c>) and, in camelCase, POST /admin/faults.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>Added delay before every MCP request is handled.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Share (0..1) of MCP requests (except initialize/discover) answered with a JSON-RPC error.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Accept MCP requests but never answer them.</summary>
    public bool Hang { get; init; }

    /// <summary>Report status "degraded" in health://status and /health.</summary>
    public bool Degraded { get; init; }

    /// <summary>Dependencies reported as false (the server is then degraded).</summary>
    public IReadOnlyList<string> FailingDependencies { get; init; } = [];

    /// <summary>CPU burnt continuously, as a share of one core (1.5 = one and a half cores).</summary>
    public double CpuShare { get; init; }

    /// <summary>Managed memory held (and touched, so it is resident), in MiB.</summary>
    public int MemoryMb { get; init; }

    /// <summary>Changed tool list: an extra tool <c>drift_probe</c> and a changed description of <c>echo</c>.</summary>
    public bool CatalogDrift { get; init; }

    /// <summary>When set, the process exits with this code after <see cref="CrashAfterMs"/>.</summary>
    public int? CrashExitCode { get; init; }

    /// <summary>Delay before the crash (0 = at once).</summary>
    public int CrashAfterMs { get; init; }

    /// <summary>When above 0, every request from this many ms after the faults were applied hangs (a server that froze).</summary>
    public int HangAfterMs { get; init; }

    /// <summary>Status text reported instead of healthy/degraded (any text other than healthy reads as degraded).</summary>
    public string? HealthStatusText { get; init; }

    /// <summary>When above 0, tools/list carries an extra tool whose description is this many KiB.</summary>
    public int OversizedToolsKb { get; init; }

    /// <summary>When above 0, health://status and /health carry this many KiB of padding.</summary>
    public int OversizedHealthKb { get; init; }

    /// <summary>The <c>long-emoji-status</c> fault's status: 199 characters, then an emoji (a surrogate pair at 200-201).</summary>
    public static readonly string LongEmojiStatus = new string('d', 199) + "\U0001F600";

    [JsonIgnore]
    public bool IsDegraded => Degraded || FailingDependencies.Count > 0;

    private static readonly HashSet<string> s_flags = ["hang", "degraded", "catalog-drift", "long-emoji-status"];

    public static bool IsFlag(string key) => s_flags.Contains(key);

    /// <summary>Splits "a=1;b;c=x,y" (separators ; or whitespace) into key/value pairs; a bare key means true.</summary>
    public static List<(string Key, string Value)> SplitSpec(string? spec)
    {
        var pairs = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(spec)) return pairs;
        foreach (var part in spec.Split([';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            pairs.Add(eq < 0 ? (part, "true") : (part[..eq].Trim(), part[(eq + 1)..].Trim()));
        }
        return pairs;
    }

    public static FaultSettings FromPairs(IEnumerable<(string Key, string Value)> pairs)
    {
        var f = new FaultSettings();
        var inv = CultureInfo.InvariantCulture;
        foreach (var (key, value) in pairs)
        {
            f = key switch
            {
                "latency-ms" => f with { LatencyMs = int.Parse(value, inv) },
                "error-rate" => f with { ErrorRate = double.Parse(value, inv) },
                "hang" => f with { Hang = bool.Parse(value) },
                "degraded" => f with { Degraded = bool.Parse(value) },
                "failing-dependency" or "failing-dependencies" => f with
                {
                    FailingDependencies = [.. f.FailingDependencies, .. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                },
                "cpu-share" => f with { CpuShare = double.Parse(value, inv) },
                "memory-mb" => f with { MemoryMb = int.Parse(value, inv) },
                "catalog-drift" => f with { CatalogDrift = bool.Parse(value) },
                "crash-exit-code" => f with { CrashExitCode = int.Parse(value, inv) },
                "crash-after-ms" => f with { CrashAfterMs = int.Parse(value, inv) },
                "hang-after-ms" => f with { HangAfterMs = int.Parse(value, inv) },
                "health-status" => f with { HealthStatusText = value },
                "long-emoji-status" => f with { HealthStatusText = bool.Parse(value) ? LongEmojiStatus : null },
                "oversized-tools-kb" => f with { OversizedToolsKb = int.Parse(value, inv) },
                "oversized-health-kb" => f with { OversizedHealthKb = int.Parse(value, inv) },
                _ => throw new ArgumentException($"unknown fault '{key}'"),
            };
        }
        f.Validate();
        return f;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        Check(LatencyMs is >= 0 and <= 600_000, "latencyMs must be 0..600000");
        Check(ErrorRate is >= 0 and <= 1, "errorRate must be 0..1");
        Check(CpuShare >= 0 && CpuShare <= Environment.ProcessorCount, $"cpuShare must be 0..{Environment.ProcessorCount}");
        Check(MemoryMb is >= 0 and <= 8192, "memoryMb must be 0..8192");
        Check(CrashAfterMs is >= 0 and <= 3_600_000, "crashAfterMs must be 0..3600000");
        Check(HangAfterMs is >= 0 and <= 3_600_000, "hangAfterMs must be 0..3600000");
        Check(CrashExitCode is null or (>= 0 and <= 255), "crashExitCode must be 0..255");
        Check(OversizedToolsKb is >= 0 and <= 1024 * 1024, "oversizedToolsKb must be 0..1048576");
        Check(OversizedHealthKb is >= 0 and <= 1024 * 1024, "oversizedHealthKb must be 0..1048576");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
