using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using McpConsole.TestSupport;

namespace McpConsole.Web.Tests.ScaleOut;

/// <summary>
/// A console instance as its own OS process (the built McpConsole.Web.dll on a free port and a temporary data
/// directory), configured through environment variables, so a test can SIGKILL it: no shutdown hook, no lease given back.
/// </summary>
public sealed class ConsoleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;

    private ConsoleProcess(Process process, HttpClient api, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        Api = api;
        _dataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    /// <summary>The API with the bootstrap admin key.</summary>
    public HttpClient Api { get; }

    /// <summary>
    /// Starts an instance and waits until it is ready. With <paramref name="dataDirectory"/> it runs there and leaves it on
    /// dispose (the caller's, to start the next instance where a killed one stopped); otherwise on a temporary directory
    /// removed on dispose.
    /// </summary>
    public static async Task<ConsoleProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string? dataDirectory = null)
    {
        var console = Launch(settings, dataDirectory);
        await console.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        return console;
    }

    /// <summary>Starts an instance without waiting for it (to kill it during its start, e.g. while it migrates).</summary>
    public static ConsoleProcess Launch(IReadOnlyDictionary<string, string> settings, string? dataDirectory = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "mcpconsole-tests", "process-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "McpConsole.Web.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["McpConsole__DataDirectory"] = dataDirectory;
        start.Environment["McpConsole__Bootstrap__ApiKey"] = ConsoleAppFactory.BootstrapKey;
        start.Environment["McpConsole__Bootstrap__AdminPassword"] = ConsoleAppFactory.AdminPassword;
        start.Environment["McpConsole__LogToConsole"] = "false";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Long enough for a backup or restore of a large source on a loaded machine.
        var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(3) };
        api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        return new ConsoleProcess(process, api, dataDirectory, owns);
    }

    /// <summary>Waits for /ready; fails the test (and ends the process) when it exits or is not ready in time.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (_process.HasExited)
            {
                var code = _process.ExitCode;
                await DisposeAsync();
                Assert.Fail($"the console process exited with code {code} before it was ready");
            }
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                using var ready = await Api.GetAsync("/ready", attempt.Token);
                if (ready.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                await DisposeAsync();
                Assert.Fail($"the console process did not become ready within {within.TotalSeconds:0} s");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the process ends at once, without running any of its shutdown code.</summary>
    public void Kill()
    {
        using (var kill = Process.Start("kill", ["-KILL", _process.Id.ToString(CultureInfo.InvariantCulture)])!)
            kill.WaitForExit();
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        Api.Dispose();
        if (_ownsDataDirectory)
        {
            try { Directory.Delete(_dataDirectory, recursive: true); }
            catch (IOException) { }
        }
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
