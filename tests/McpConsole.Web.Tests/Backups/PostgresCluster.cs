using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace McpConsole.Web.Tests.Backups;

/// <summary>
/// A throwaway PostgreSQL 15 cluster (Debian's initdb/pg_ctl) in a temp directory on a free 127.0.0.1 port,
/// run as the postgres user when the tests run as root (postgres refuses root). Stopped and deleted on dispose.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir = Path.Combine("/tmp", $"mcpconsole-pg-{Guid.NewGuid().ToString("N")[..8]}");

    public int Port { get; } = FreePort();

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Password=unused";

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Path.Combine(Bin, "initdb")), "PostgreSQL 15 is missing: run scripts/install-test-deps.sh");
        Directory.CreateDirectory(_dir);
        if (Environment.UserName == "root")
            await RunAsync("chown", "postgres:postgres", _dir);
        await RunPgAsync("initdb", "-D", Path.Combine(_dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync");
        await StartServerAsync();
    }

    /// <summary>Stops the server (fast shutdown: sessions are cut off); the data stays for <see cref="StartServerAsync"/>.</summary>
    public Task StopServerAsync() => RunPgAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "stop");

    public Task StartServerAsync() => RunPgAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "log"), "-w", "-o",
        $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");

    public async Task DisposeAsync()
    {
        await RunPgAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_dir, recursive: true);
    }

    public async Task<string> PsqlAsync(string database, string sql) =>
        await RunAsync("psql", "-h", "127.0.0.1", "-p", Port.ToString(), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql);

    private Task<string> RunPgAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args])
            : RunAsync(Path.Combine(Bin, tool), args);

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {await error}");
        return (await output).Trim();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
