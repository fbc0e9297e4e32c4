using System.Diagnostics;
using McpConsole.TestSupport;
using McpConsole.Web.Infrastructure;

namespace McpConsole.Web.Tests.Infrastructure;

public sealed class SingleInstanceTests
{
    [Fact]
    public void Acquire_SameDirectoryTwice_RefusesWithClearMessage()
    {
        var path = Path.Combine(Path.GetTempPath(), "mcpconsole-tests", Guid.NewGuid().ToString("N"));
        using var first = DataDirectory.Acquire(path);
        var ex = Assert.Throws<DataDirectoryInUseException>(() => DataDirectory.Acquire(path));
        Assert.Contains("already using the data directory", ex.Message);
        Assert.Contains("PostgreSQL", ex.Message);
    }

    [Fact]
    public void Acquire_AfterFirstReleased_Succeeds()
    {
        var path = Path.Combine(Path.GetTempPath(), "mcpconsole-tests", Guid.NewGuid().ToString("N"));
        DataDirectory.Acquire(path).Dispose();
        using var second = DataDirectory.Acquire(path);
        Assert.Equal(Path.GetFullPath(path), second.Path);
    }

    [Fact]
    public async Task SecondConsoleProcess_OnSameDataDirectory_ExitsWithCode2AndSaysWhy()
    {
        await using var running = new ConsoleAppFactory();
        _ = running.Server; // the first console holds the data directory

        var webDll = Path.Combine(AppContext.BaseDirectory, "McpConsole.Web.dll");
        var start = new ProcessStartInfo("dotnet", [webDll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["McpConsole__DataDirectory"] = running.DataDirectory;
        using var second = Process.Start(start)!;
        var stderr = second.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await second.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!second.HasExited) second.Kill(entireProcessTree: true);
        }

        Assert.Equal(2, second.ExitCode);
        Assert.Contains("Another McpConsole process is already using the data directory", await stderr);
    }
}
