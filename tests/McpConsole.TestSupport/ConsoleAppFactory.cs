using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace McpConsole.TestSupport;

/// <summary>
/// The real console (real SQLite, real Hangfire storage) on its own temporary data directory,
/// with a known admin password and bootstrap API key. Set <see cref="UseRealSocket"/> before first use
/// for browser tests: the app then listens on a Kestrel port on 127.0.0.1.
/// </summary>
public class ConsoleAppFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "admin-test-password-1";
    public const string BootstrapKey = "test-bootstrap-key-0123456789abcdefgh";

    public ConsoleAppFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "mcpconsole-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }

    public bool UseRealSocket { get; init; }

    /// <summary>The hosting environment: Production by default; Development as the README's <c>dotnet run</c> starts it.</summary>
    public string Environment { get; init; } = "Production";

    /// <summary>Leave the data directory on dispose (a test reads the stopped console's files; it deletes them itself).</summary>
    public bool KeepDataDirectory { get; init; }

    /// <summary>Extra configuration (e.g. McpConsole:Database:Provider = Postgres), applied after the defaults above.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The console's clock instead of the system's (e.g. a JumpingClock for host clock steps).</summary>
    public TimeProvider? Clock { get; init; }

    private bool _kestrelConfigured;

    /// <summary>Base address of the real socket (only with <see cref="UseRealSocket"/>).</summary>
    public Uri ServerAddress
    {
        get
        {
            if (UseRealSocket && !_kestrelConfigured)
            {
                UseKestrel(0);
                _kestrelConfigured = true;
            }
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            return new Uri(addresses.Addresses.First());
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        // Outside Development the build's static web assets (MudBlazor, blazor.web.js) are only mapped when asked for.
        builder.UseStaticWebAssets();
        builder.UseSetting("McpConsole:DataDirectory", DataDirectory);
        builder.UseSetting("McpConsole:Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("McpConsole:Bootstrap:ApiKey", BootstrapKey);
        builder.UseSetting("McpConsole:LogToConsole", "false");
        // Every test client shares one client address; the browser tests log in more than 10 times a minute.
        // The limit itself is tested with its own setting (LoginFloodTests).
        builder.UseSetting("McpConsole:Security:LoginAttemptsPerWindow", "1000");
        if (UseRealSocket)
            builder.UseSetting("urls", "http://127.0.0.1:0");
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        if (Clock is { } clock)
            builder.ConfigureTestServices(s => s.AddSingleton(clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !KeepDataDirectory)
            TryDelete(DataDirectory);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await WaitForDataDirectoryReleaseAsync();
        if (!KeepDataDirectory)
            TryDelete(DataDirectory);
    }

    /// <summary>
    /// WebApplicationFactory returns once the host has stopped, but the console's own <c>RunAsync</c> disposes its services
    /// (releasing the single-instance lock) a moment later on the entry point's thread. Wait for that, so a console started
    /// next on the same directory does not find it "in use".
    /// </summary>
    private async Task WaitForDataDirectoryReleaseAsync()
    {
        var directory = Settings.TryGetValue("McpConsole:DataDirectory", out var configured) ? configured : DataDirectory;
        var lockFile = Path.Combine(directory, "console.lock");
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            try
            {
                using (new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                    return;
            }
            catch (FileNotFoundException) { return; }
            catch (DirectoryNotFoundException) { return; }
            catch (IOException) { await Task.Delay(50); }
        }
    }

    private static void TryDelete(string path)
    {
        try { Directory.Delete(path, recursive: true); }
        catch (IOException) { /* a file still held by a closing handle; the OS temp cleaner gets it */ }
        catch (UnauthorizedAccessException) { }
    }
}
