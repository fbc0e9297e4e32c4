using System.Diagnostics;
using System.Net.Sockets;

namespace McpConsole.Probing.Tests.Infrastructure;

/// <summary>npm's @modelcontextprotocol/server-everything, installed into npm/ with `npm ci` when missing.</summary>
public static class Everything
{
    private static readonly SemaphoreSlim _install = new(1, 1);

    public static string NpmDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "McpConsole.Probing.Tests.csproj")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("test project directory not found"), "npm");
        }
    }

    public static string EntryPoint => Path.Combine(NpmDirectory, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    public static async Task<string> EnsureInstalledAsync()
    {
        await _install.WaitAsync();
        try
        {
            if (!File.Exists(EntryPoint))
            {
                var psi = new ProcessStartInfo("npm", "ci --no-audit --no-fund --ignore-scripts") { WorkingDirectory = NpmDirectory };
                using var npm = Process.Start(psi)!;
                await npm.WaitForExitAsync(TestRun.Deadline(300));
                Assert.Equal(0, npm.ExitCode);
            }

            return EntryPoint;
        }
        finally
        {
            _install.Release();
        }
    }

    /// <summary>Starts it over HTTP (`streamableHttp` or `sse`) on a free port; it binds all interfaces, we use 127.0.0.1 only.</summary>
    public static async Task<(Process Process, int Port)> StartHttpAsync(string mode)
    {
        var entry = await EnsureInstalledAsync();
        var port = TestRun.FreePort();
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(entry);
        psi.ArgumentList.Add(mode);
        psi.ArgumentList.Add("--" + TestRun.Marker);
        psi.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                return (process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("server-everything did not listen");
    }
}
