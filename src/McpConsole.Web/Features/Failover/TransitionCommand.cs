using System.Diagnostics;
using System.Text;
using System.Text.Json;
using McpConsole.Web.Infrastructure.ChildProcesses;

namespace McpConsole.Web.Features.Failover;

/// <summary>A program run on each transition of a group (e.g. to reload a load balancer). Configured by Admins only.</summary>
public sealed record TransitionCommandSpec(string Program, IReadOnlyList<string> Arguments, int TimeoutSeconds)
{
    public const int DefaultTimeoutSeconds = 30;

    public static TransitionCommandSpec? Of(FailoverGroup g) =>
        g.TransitionCommand is { Length: > 0 } program
            ? new(program, JsonSerializer.Deserialize<List<string>>(g.TransitionCommandArgumentsJson ?? "[]") ?? [], g.TransitionCommandTimeoutSeconds)
            : null;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Program) || Program.Length > 1000 || Program.Any(char.IsControl))
            errors.Add("program: a path or name of 1 to 1000 characters without control characters is required");
        if (Arguments.Count > 64)
            errors.Add("arguments: at most 64");
        if (Arguments.Any(a => a.Length > 2000 || a.Contains('\0', StringComparison.Ordinal)))
            errors.Add("arguments: each at most 2000 characters, no NUL");
        if (TimeoutSeconds is < 1 or > 600)
            errors.Add("timeoutSeconds: between 1 and 600");
        return errors;
    }
}

/// <summary>How a run ended. <paramref name="OutputTail"/> is the program's output (untrusted text).</summary>
public sealed record CommandRun(int? ExitCode, bool TimedOut, string? StartError, string OutputTail, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut && StartError is null;

    public string Describe(string program)
    {
        var how = StartError is not null ? $"could not start: {StartError}"
            : TimedOut ? $"timed out after {Elapsed.TotalSeconds:0.#} s and was killed"
            : $"exited with code {ExitCode} after {Elapsed.TotalSeconds:0.##} s";
        return $"transition command {program} {how}" + (OutputTail.Length > 0 ? $"; output: {OutputTail}" : "; no output");
    }
}

/// <summary>
/// Runs a transition command directly (never through a shell: the program and each argument are passed as they are),
/// with only PATH, HOME, LANG, TZ (<see cref="ChildEnvironment"/>) and the transition's MCPCONSOLE_FAILOVER_* variables in its environment (the console's
/// own environment may hold its bootstrap secrets), under a timeout that kills the whole process tree.
/// </summary>
public sealed class TransitionCommandRunner(IHostApplicationLifetime lifetime)
{
    private const int TailChars = 1000;

    public async Task<CommandRun> RunAsync(TransitionCommandSpec spec, IReadOnlyDictionary<string, string> variables)
    {
        var start = new ProcessStartInfo(spec.Program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in spec.Arguments)
            start.ArgumentList.Add(a);
        ChildEnvironment.ApplyTo(start, ChildEnvironment.Build(variables));

        var watch = Stopwatch.StartNew();
        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null)
                return;
            lock (output)
            {
                output.AppendLine(line);
                if (output.Length > 4 * TailChars)
                    output.Remove(0, output.Length - 2 * TailChars);
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return new CommandRun(null, false, ex.Message, "", watch.Elapsed);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        deadline.CancelAfter(TimeSpan.FromSeconds(spec.TimeoutSeconds));
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        string tail;
        lock (output)
        {
            var text = output.ToString().TrimEnd();
            tail = text.Length <= TailChars ? text : "…" + text[^TailChars..];
        }
        return new CommandRun(timedOut ? null : process.ExitCode, timedOut, null, tail, watch.Elapsed);
    }
}
