using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using McpConsole.TestSupport;

namespace McpConsole.Bench.ScaleOut;

/// <summary>A throwaway PostgreSQL 15 cluster (Debian's initdb/pg_ctl) on a free 127.0.0.1 port, as the tests start it.</summary>
internal sealed class Postgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir = Path.Combine("/tmp", $"mcpconsole-bench-pg-{Guid.NewGuid().ToString("N")[..8]}");
    private readonly int _port = Net.FreePort();

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={_port};Database={database};Username=postgres;Password=unused";

    public async Task StartAsync()
    {
        Directory.CreateDirectory(_dir);
        if (Environment.UserName == "root")
            await Run.ToolAsync("chown", "postgres:postgres", _dir);
        await PgAsync("initdb", "-D", Path.Combine(_dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync");
        await PgAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "log"), "-w", "-o",
            $"-p {_port} -k {_dir} -c listen_addresses=127.0.0.1 -c max_connections=300", "start");
        await Run.ToolAsync("psql", "-h", "127.0.0.1", "-p", _port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-c", "CREATE DATABASE console");
    }

    public async ValueTask DisposeAsync()
    {
        await PgAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_dir, recursive: true);
    }

    private Task PgAsync(string tool, params string[] args) =>
        Environment.UserName == "root" ? Run.ToolAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args]) : Run.ToolAsync(Path.Combine(Bin, tool), args);
}

/// <summary>A console instance as its own process (McpConsole.Web.dll beside the benchmark), so its CPU time is its own and kill -9 is real.</summary>
internal sealed class ConsoleInstance : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private ConsoleInstance(string name, Process process, HttpClient api, string dataDirectory) =>
        (Name, _process, Api, _dataDirectory) = (name, process, api, dataDirectory);

    public string Name { get; }
    public HttpClient Api { get; }

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ConsoleInstance> StartAsync(string name, string connectionString)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mcpconsole-bench", name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(dataDirectory);
        var port = Net.FreePort();
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
        start.Environment["McpConsole__Database__Provider"] = "Postgres";
        start.Environment["McpConsole__Database__ConnectionString"] = connectionString;
        start.Environment["McpConsole__ScaleOut__InstanceId"] = name;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        var instance = new ConsoleInstance(name, process, api, dataDirectory);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var ready = await api.GetAsync("/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                    return instance;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        await instance.DisposeAsync();
        throw new InvalidOperationException($"{name} did not become ready");
    }

    /// <summary>SIGKILL: no shutdown code runs, no lease is given back.</summary>
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
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

internal static class Run
{
    public static async Task ToolAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await error}");
    }
}

internal static class Net
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
