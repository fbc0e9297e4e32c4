using System.Globalization;
using McpConsole.SampleServer.Faults;

namespace McpConsole.SampleServer.Hosting;

/// <summary>Start-up options of the sample server, from the command line and the environment.</summary>
public sealed class SampleServerOptions
{
    /// <summary>Server name reported in serverInfo, health://status and metric labels.</summary>
    public string Name { get; set; } = "sample-server";

    /// <summary>Run over stdio instead of HTTP (stdout carries the protocol, logs go to stderr).</summary>
    public bool Stdio { get; set; }

    /// <summary>TCP port on 127.0.0.1; null means "use --urls / ASPNETCORE_URLS, else 5173". 0 picks a free port.</summary>
    public int? Port { get; set; }

    /// <summary>Initial failover role.</summary>
    public ServerRole Role { get; set; } = ServerRole.Primary;

    /// <summary>
    /// Where role and epoch are kept across restarts (optional). With a state file, a restarted server comes back as
    /// standby at its last epoch whatever <see cref="Role"/> says: only a promotion makes it primary again.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>Token for POST /admin/faults; without one the admin endpoint answers 401 to everybody.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Extra Host/Origin names accepted on /mcp besides loopback (DNS-rebinding protection); "*" accepts any.</summary>
    public List<string> AllowedHosts { get; } = [];

    /// <summary>Exit when this process is gone (the console's demo fleet passes its own PID).</summary>
    public int? ParentPid { get; set; }

    /// <summary>Hostile mode: a JSON file of strings used as tool names, descriptions and health text (see README).</summary>
    public string? HostileCorpusFile { get; set; }

    /// <summary>Faults active from start-up.</summary>
    public FaultSettings Faults { get; set; } = new();

    /// <summary>Arguments not consumed here (for example --urls), handed to the ASP.NET Core host.</summary>
    public List<string> HostArgs { get; } = [];

    /// <summary>Parses arguments first, then fills gaps from MCP_SAMPLE_* environment variables.</summary>
    public static SampleServerOptions Parse(string[] args, Func<string, string?>? env = null)
    {
        env ??= Environment.GetEnvironmentVariable;
        var o = new SampleServerOptions
        {
            Name = env("MCP_SAMPLE_NAME") ?? "sample-server",
            AdminToken = env("MCP_SAMPLE_ADMIN_TOKEN"),
            Stdio = env("MCP_SAMPLE_STDIO") is "1" or "true",
        };
        if (env("MCP_SAMPLE_ROLE") is { } role) o.Role = ParseRole(role);
        o.StateFile = env("MCP_SAMPLE_STATE_FILE");
        o.HostileCorpusFile = env("MCP_SAMPLE_HOSTILE_CORPUS");
        if (env("MCP_SAMPLE_PORT") is { } port) o.Port = int.Parse(port, CultureInfo.InvariantCulture);
        if (env("MCP_SAMPLE_ALLOWED_HOSTS") is { } hosts) o.AllowedHosts.AddRange(SplitList(hosts));
        var faultPairs = FaultSettings.SplitSpec(env("MCP_SAMPLE_FAULTS"));

        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value");
            switch (a)
            {
                case "--stdio": o.Stdio = true; break;
                case "--name": o.Name = Next(); break;
                case "--port": o.Port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--role": o.Role = ParseRole(Next()); break;
                case "--admin-token": o.AdminToken = Next(); break;
                case "--state-file": o.StateFile = Next(); break;
                case "--hostile-corpus": o.HostileCorpusFile = Next(); break;
                case "--allowed-hosts": o.AllowedHosts.AddRange(SplitList(Next())); break;
                case "--parent-pid": o.ParentPid = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default:
                    if (a.StartsWith("--fault-", StringComparison.Ordinal))
                    {
                        var key = a["--fault-".Length..];
                        var hasValue = !FaultSettings.IsFlag(key);
                        faultPairs.Add((key, hasValue ? Next() : "true"));
                    }
                    else
                    {
                        o.HostArgs.Add(a);
                    }
                    break;
            }
        }
        o.Faults = FaultSettings.FromPairs(faultPairs);
        return o;
    }

    private static string[] SplitList(string v) => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static ServerRole ParseRole(string value) => value.Trim().ToLowerInvariant() switch
    {
        "primary" => ServerRole.Primary,
        "standby" => ServerRole.Standby,
        _ => throw new ArgumentException($"role must be primary or standby, not '{value}'"),
    };
}

public enum ServerRole
{
    Primary,
    Standby,
}
