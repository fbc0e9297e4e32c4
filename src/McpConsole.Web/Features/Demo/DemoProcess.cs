using System.Diagnostics;
using System.Text.RegularExpressions;
using McpConsole.Web.Infrastructure.ChildProcesses;

namespace McpConsole.Web.Features.Demo;

/// <summary>A sample server the demo launched over HTTP: its process, its address and its admin token.</summary>
public sealed partial class DemoProcess(Process process, Uri baseUri, string adminToken) : IAsyncDisposable
{
    public Uri BaseUri { get; } = baseUri;
    public string AdminToken { get; } = adminToken;

    public static async Task<DemoProcess> StartAsync(string dll, DemoServer server, CancellationToken ct)
    {
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--port", "0", "--name", server.Name, "--admin-token", token,
                     "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(server.ExtraArgs))
            start.ArgumentList.Add(arg);
        ChildEnvironment.ApplyTo(start, ChildEnvironment.Build(passThrough: ["DOTNET_ROOT"]));

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {server.Name}");
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
                    _ = DrainAsync(process.StandardOutput);
                    return new DemoProcess(process, new Uri(m.Groups[1].Value), token);
                }
            }
            throw new InvalidOperationException($"{server.Name} exited with code {(process.HasExited ? process.ExitCode : -1)} before listening");
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        process.Dispose();
    }

    // Keep reading so a chatty server never blocks on a full pipe.
    private static async Task DrainAsync(StreamReader reader)
    {
        try { while (await reader.ReadLineAsync() is not null) { } }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningLine();
}
