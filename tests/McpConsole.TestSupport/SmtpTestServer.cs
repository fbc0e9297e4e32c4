using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace McpConsole.TestSupport;

/// <summary>
/// A real SMTP server for tests: smtp4dev 3.15.0 (a .NET tool, installed on first use into a per-user tool folder),
/// on 127.0.0.1 with free ports and an in-memory message store. Stop/Start keep the SMTP port, to test outages.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    public const string Version = "3.15.0";
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "mcpconsole-smtp4dev-data", Guid.NewGuid().ToString("N")[..12]);
    private readonly HttpClient _http = new();
    private Process? _process;

    private bool _started;

    public int SmtpPort { get; private set; } = FreePort();
    public int WebPort { get; private set; } = FreePort();
    public static string ToolPath => Path.Combine(Path.GetTempPath(), $"mcpconsole-tools-{Environment.UserName}", $"smtp4dev-{Version}");

    public static async Task<SmtpTestServer> StartNewAsync()
    {
        var server = new SmtpTestServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>
    /// Starts smtp4dev and waits until it answers. Free ports are picked by binding port 0 and letting go, so another
    /// process can take one before smtp4dev binds it (it then exits with 1): such a start is retried on new ports. A
    /// restart after <see cref="StopAsync"/> keeps the SMTP port the console under test was configured with.
    /// </summary>
    public async Task StartAsync()
    {
        await EnsureInstalledAsync();
        Directory.CreateDirectory(_dataPath);
        for (var attempt = 1; ; attempt++)
        {
            var output = new ConcurrentQueue<string>();
            _process = Launch(output);
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (DateTime.UtcNow < deadline && !_process.HasExited && !await ListeningAsync())
                await Task.Delay(250);
            if (!_process.HasExited && DateTime.UtcNow < deadline)
            {
                _started = true;
                return;
            }
            if (!_process.HasExited)
                throw new TimeoutException("smtp4dev did not answer within 3 minutes");
            if (attempt == 3)
                throw new InvalidOperationException($"smtp4dev exited with {_process.ExitCode}:\n{string.Join('\n', output.TakeLast(20))}");
            _process.Dispose();
            WebPort = FreePort();
            if (!_started)
                SmtpPort = FreePort();
        }
    }

    private Process Launch(ConcurrentQueue<string> output)
    {
        var info = new ProcessStartInfo(Path.Combine(ToolPath, "smtp4dev"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            $"--baseappdatapath={_dataPath}", "--nousersettings", "--db=", "--hostname=localhost", "--bindaddress=127.0.0.1",
            $"--smtpport={SmtpPort}", $"--imapport={FreePort()}", $"--pop3port={FreePort()}", $"--urls=http://127.0.0.1:{WebPort}",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("smtp4dev did not start");
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        while (output.Count > 50)
            output.TryDequeue(out _);
    }

    /// <summary>Kills the server (an SMTP outage): connections to <see cref="SmtpPort"/> are refused until Start.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Every message received so far (since the last start), oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesAsync()
    {
        var page = await _http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{WebPort}/api/messages?pageSize=1000");
        var mails = new List<ReceivedMail>();
        foreach (var m in page.GetProperty("results").EnumerateArray())
        {
            var id = m.GetProperty("id").GetString()!;
            var to = m.GetProperty("to").EnumerateArray().Select(t => t.GetString()!).ToList();
            var html = await _http.GetStringAsync($"http://127.0.0.1:{WebPort}/api/messages/{id}/html");
            var text = await _http.GetStringAsync($"http://127.0.0.1:{WebPort}/api/messages/{id}/plaintext");
            mails.Add(new ReceivedMail(m.GetProperty("subject").GetString() ?? "", m.GetProperty("from").GetString() ?? "", to, html, text,
                m.TryGetProperty("receivedDate", out var d) && d.TryGetDateTimeOffset(out var at) ? at : DateTimeOffset.MinValue));
        }

        return [.. mails.OrderBy(m => m.ReceivedAt)];
    }

    /// <summary>Messages addressed to <paramref name="recipient"/>, waiting up to <paramref name="timeout"/> for at least <paramref name="atLeast"/>.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesToAsync(string recipient, int atLeast = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var mails = (await MessagesAsync()).Where(m => m.To.Any(t => t.Contains(recipient, StringComparison.OrdinalIgnoreCase))).ToList();
            if (mails.Count >= atLeast || DateTime.UtcNow > deadline)
                return mails;
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        try { Directory.Delete(_dataPath, recursive: true); }
        catch (IOException) { }
    }

    private async Task<bool> ListeningAsync()
    {
        try
        {
            using var response = await _http.GetAsync($"http://127.0.0.1:{WebPort}/api/messages");
            if (!response.IsSuccessStatusCode)
                return false;
            using var smtp = new TcpClient();
            await smtp.ConnectAsync(IPAddress.Loopback, SmtpPort);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(ToolPath, "smtp4dev")))
                return;
            var install = Process.Start(new ProcessStartInfo("dotnet")
            {
                ArgumentList = { "tool", "install", "Rnwood.Smtp4dev", "--version", Version, "--tool-path", ToolPath },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = await install.StandardOutput.ReadToEndAsync() + await install.StandardError.ReadToEndAsync();
            await install.WaitForExitAsync();
            if (install.ExitCode != 0)
                throw new InvalidOperationException($"dotnet tool install Rnwood.Smtp4dev failed: {output}");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record ReceivedMail(string Subject, string From, IReadOnlyList<string> To, string Html, string Text, DateTimeOffset ReceivedAt);
