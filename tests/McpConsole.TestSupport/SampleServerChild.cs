using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using McpConsole.Web.Features.Demo;

namespace McpConsole.TestSupport;

/// <summary>What a sample server's GET /role said.</summary>
public sealed record RoleState(string Role, long Epoch);

/// <summary>
/// The sample MCP server as a child process on 127.0.0.1 (so it can be killed outright and restarted on the same
/// port, like a crashed server coming back). It also exits when the test process is gone (--parent-pid).
/// </summary>
public sealed partial class SampleServerChild : IAsyncDisposable
{
    private static readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _name;
    private readonly string? _stateFile;
    private readonly IReadOnlyList<string> _extraArgs;
    private Process? _process;

    private SampleServerChild(string name, string? stateFile, IReadOnlyList<string> extraArgs) => (_name, _stateFile, _extraArgs) = (name, stateFile, extraArgs);

    /// <summary>The child's process id (null before it listens).</summary>
    public int? ProcessId => _process?.Id;

    public int Port { get; private set; }
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");
    public string McpUrl => new Uri(BaseUri, "mcp").ToString();
    public bool IsRunning => _process is { HasExited: false };

    /// <param name="stateFile">--state-file: role and epoch survive restarts (a restart then boots as standby).</param>
    public static Task<SampleServerChild> StartAsync(string name, string role, string? stateFile = null, CancellationToken ct = default) =>
        StartAsync(name, role, stateFile, [], ct);

    /// <summary>Starts with extra arguments, e.g. start-up faults (<c>--fault-cpu-share 0.5</c>).</summary>
    public static Task<SampleServerChild> StartAsync(string name, string role, IReadOnlyList<string> extraArgs, CancellationToken ct = default) =>
        StartAsync(name, role, null, extraArgs, ct);

    private static async Task<SampleServerChild> StartAsync(string name, string role, string? stateFile, IReadOnlyList<string> extraArgs, CancellationToken ct)
    {
        var child = new SampleServerChild(name, stateFile, extraArgs);
        await child.LaunchAsync(0, role, ct);
        return child;
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>
    /// Starts the server again on the same port with the given start-up role, as a supervisor would. Without a state
    /// file it boots with that role at epoch 0; with one, as standby at its last epoch.
    /// </summary>
    public async Task RestartAsync(string role, CancellationToken ct = default)
    {
        await KillAsync();
        _process?.Dispose();
        await LaunchAsync(Port, role, ct);
    }

    /// <summary>GET /role; null when the server does not answer.</summary>
    public async Task<RoleState?> GetRoleAsync(CancellationToken ct = default)
    {
        try
        {
            return await _http.GetFromJsonAsync<RoleState>(new Uri(BaseUri, "role"), ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task LaunchAsync(int port, string role, CancellationToken ct)
    {
        var dll = SampleServerLocator.Find(null) ?? throw new InvalidOperationException("McpConsole.SampleServer.dll not found: build the solution");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--port", port.ToString(CultureInfo.InvariantCulture), "--name", _name, "--role", role,
                     "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) }.Concat(_extraArgs))
            start.ArgumentList.Add(arg);
        if (_stateFile is not null)
        {
            start.ArgumentList.Add("--state-file");
            start.ArgumentList.Add(_stateFile);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_name}");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ListeningLine().Match(line) is { Success: true } m)
                {
                    Port = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                    _process = process;
                    _ = DrainAsync(process.StandardOutput);
                    return;
                }
            }
            throw new InvalidOperationException($"{_name} exited before listening");
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync() is not null) { }
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
