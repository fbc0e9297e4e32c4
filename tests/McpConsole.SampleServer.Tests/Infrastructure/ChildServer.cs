using System.Diagnostics;
using System.Text.RegularExpressions;

namespace McpConsole.SampleServer.Tests.Infrastructure;

/// <summary>The sample server as a child process (`dotnet McpConsole.SampleServer.dll --port 0 ...`), HTTP mode.</summary>
public sealed partial class ChildServer : IAsyncDisposable, IServerUnderTest
{
    private readonly Process _process;

    private ChildServer(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public Process Process => _process;

    public static async Task<ChildServer> StartAsync(string label, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { TestRun.ServerDll, "--port", "0", "--name", TestRun.ServerName(label), "--admin-token", InProcessServer.AdminToken }.Concat(args))
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the sample server");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && ListeningRegex().Match(line) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value + "/"));
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var uri = await listening.Task.WaitAsync(TestRun.Deadline(30));
            return new ChildServer(process, uri);
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    public async Task<int> WaitForExitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Kill(_process);
        await _process.WaitForExitAsync(TestRun.Deadline(10));
        _process.Dispose();
    }

    private static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningRegex();
}
